package me.grokme.pinning.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvTest {

    @Test
    void typedValuesAndDefaults() {
        Env env = new Env(Map.of("N", "7", "D1", "30s", "D2", "PT2M", "D3", "250ms", "B", "true", "U", "https://c.example:9094",
                "L", " a, b ,,c "));
        assertEquals(7, env.integer("N", 1, 0, 10));
        assertEquals(3, env.integer("MISSING", 3, 0, 10));
        assertEquals(Duration.ofSeconds(30), env.duration("D1", Duration.ZERO));
        assertEquals(Duration.ofMinutes(2), env.duration("D2", Duration.ZERO));
        assertEquals(Duration.ofMillis(250), env.duration("D3", Duration.ZERO));
        assertTrue(env.bool("B", false));
        assertEquals(Optional.of(URI.create("https://c.example:9094")), env.url("U", true));
        assertEquals(Set.of("a", "b", "c"), env.csv("L", ""));
        env.validate();
    }

    @Test
    void aTlsUrlIsHttpsUnlessItsHostIsLocal() {
        Env env = new Env(Map.of("S", "https://c.example:9094", "L", "http://127.0.0.1:9094", "P", "http://c.example:9094"));
        assertEquals(Optional.of(URI.create("https://c.example:9094")), env.tlsUrl("S", true));
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9094")), env.tlsUrl("L", true));
        env.validate();
        assertEquals(Optional.empty(), env.tlsUrl("P", true));
        ConfigException e = assertThrows(ConfigException.class, env::validate);
        assertEquals(List.of("P must be an https:// URL (plain http only to localhost/127.0.0.1), got http://c.example"), e.problems());
    }

    @Test
    void severalTlsUrlsAreReadInOrderAndEachIsChecked() {
        Env env = new Env(Map.of("C", " https://a.example:9443 , https://b.example,https://a.example:9443",
                "BAD", "https://a.example,http://b.example,,ftp://c"));
        assertEquals(List.of(URI.create("https://a.example:9443"), URI.create("https://b.example")), env.tlsUrls("C", true));
        env.validate();
        assertEquals(List.of(URI.create("https://a.example")), env.tlsUrls("BAD", true));
        ConfigException e = assertThrows(ConfigException.class, env::validate);
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.problems().stream().allMatch(p -> p.startsWith("BAD ")), e.getMessage());
    }

    @Test
    void theMetricsNamespaceFollowsCloudWatchRules() {
        assertEquals("GrokmePinning", me.grokme.pinning.metrics.Emf.namespace(new Env(Map.of())));
        assertEquals("GrokmePinning/prod-1", me.grokme.pinning.metrics.Emf.namespace(new Env(Map.of("METRICS_NAMESPACE", "GrokmePinning/prod-1"))));
        for (String bad : new String[] {"AWS/Lambda", "has space", "x".repeat(256)}) {
            Env env = new Env(Map.of("METRICS_NAMESPACE", bad));
            me.grokme.pinning.metrics.Emf.namespace(env);
            assertTrue(assertThrows(ConfigException.class, env::validate).problems().get(0).startsWith("METRICS_NAMESPACE must be"), bad);
        }
    }

    @Test
    void onlyThisMachineAndTheDockerHostCountAsLocal() {
        for (String local : new String[] {"http://127.0.0.1:9094", "http://127.9.8.7", "http://LOCALHOST:1", "http://[::1]:8080",
            "http://host.docker.internal:9094"}) {
            assertTrue(Env.localHost(URI.create(local)), local);
        }
        for (String remote : new String[] {"http://10.0.0.1", "http://cluster.example", "http://127.0.0.1.nip.io", "http://localhost.example",
            "http://[::2]", "http://128.0.0.1"}) {
            assertFalse(Env.localHost(URI.create(remote)), remote);
        }
    }

    @Test
    void everyProblemIsReportedAtOnceByNameWithoutSecretValues() {
        Env env = new Env(Map.of("N", "eleven", "R", "99", "U", "ftp://x", "C", "https://user:pw@host", "S", "hunter2", "D", "soon"));
        env.required("TABLE");
        env.integer("N", 1, 0, 10);
        env.integer("R", 1, 0, 10);
        env.url("U", true);
        env.url("C", true);
        env.secret("S", true);
        env.duration("D", Duration.ZERO);
        ConfigException e = assertThrows(ConfigException.class, env::validate);
        assertEquals(7, e.problems().size(), e.getMessage());
        for (String name : new String[] {"TABLE is required", "N is not an integer", "R must be between 0 and 10", "U is not an http(s) URL",
                "C must not carry credentials", "S:", "D is not a duration"}) {
            assertTrue(e.getMessage().contains(name), name + " in " + e.getMessage());
        }
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(e.getMessage().contains("pw@"));
    }

    @Test
    void durationsAreNeverNegativeAndTimeoutsAreBoundedOnBothSides() {
        Env env = new Env(Map.of("NEG", "-5s", "NEG_ISO", "-PT5S", "ZERO", "0s", "T_ZERO", "0ms", "T_LONG", "16m", "T_OK", "15m",
                "HUGE", "99999999999999999d"));
        assertEquals(Duration.ZERO, env.duration("ZERO", Duration.ofSeconds(1)), "zero is a valid budget (nothing runs)");
        assertEquals(Duration.ofMinutes(15), env.timeout("T_OK", Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(7), env.timeout("UNSET", Duration.ofSeconds(7)));
        env.validate();
        assertEquals(Duration.ofSeconds(1), env.duration("NEG", Duration.ofSeconds(1)), "a refused value falls back");
        env.duration("NEG_ISO", Duration.ofSeconds(1));
        env.timeout("T_ZERO", Duration.ofSeconds(1));
        env.timeout("T_LONG", Duration.ofSeconds(1));
        env.duration("HUGE", Duration.ofSeconds(1));
        ConfigException e = assertThrows(ConfigException.class, env::validate);
        for (String expected : new String[] {"NEG must not be negative, got -5s", "NEG_ISO must not be negative",
            "T_ZERO must be longer than zero", "T_LONG must be at most 15m", "HUGE is not a duration"}) {
            assertTrue(e.getMessage().contains(expected), expected + " in " + e.getMessage());
        }
        assertEquals(5, e.problems().size(), e.getMessage());
    }
}
