package me.grokme.pinning.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.config.ConfigException;
import org.junit.jupiter.api.Test;

class ProbeConfigTest {

    private static Map<String, String> env(String gateways) {
        Map<String, String> m = new HashMap<>();
        m.put("LEDGER_TABLE", "ledger");
        m.put("CLUSTER_URL", "https://cluster.example:9094");
        m.put("PROBE_GATEWAYS", gateways);
        return m;
    }

    @Test
    void https_gateways_per_region_and_the_defaults() {
        ProbeConfig c = ProbeConfig.fromEnvironment(env("eu=https://eu.gw.example,us=https://us.gw.example:8443, asia=https://asia.gw.example"));
        assertEquals(Map.of("eu", URI.create("https://eu.gw.example"), "us", URI.create("https://us.gw.example:8443"),
                "asia", URI.create("https://asia.gw.example")), c.gateways());
        assertEquals(Duration.ofDays(7), c.period());
        assertEquals(Duration.ofHours(1), c.runInterval());
        assertEquals(10, c.dagPercent());
    }

    @Test
    void plain_http_is_refused_except_on_loopback() {
        assertEquals(URI.create("http://127.0.0.1:8080"), ProbeConfig.fromEnvironment(env("eu=http://127.0.0.1:8080")).gateways().get("eu"));
        ConfigException e = assertThrows(ConfigException.class, () -> ProbeConfig.fromEnvironment(env("eu=http://eu.gw.example")));
        assertTrue(e.getMessage().contains("PROBE_GATEWAYS: eu must be an https URL"), e.getMessage());
    }

    @Test
    void credentials_paths_duplicates_and_bad_entries_are_refused_each_by_name() {
        ConfigException e = assertThrows(ConfigException.class, () -> ProbeConfig.fromEnvironment(
                env("eu=https://u:p@eu.example,us=https://us.example/api/v0,asia=https://a.example,asia=https://b.example,nonsense")));
        String m = e.getMessage();
        assertTrue(m.contains("eu must be a bare gateway origin"), m);
        assertTrue(m.contains("us must be a bare gateway origin"), m);
        assertTrue(m.contains("region asia appears twice"), m);
        assertTrue(m.contains("'nonsense' is not region=url"), m);
        assertTrue(!m.contains("u:p@"), "credentials never echoed: " + m);
    }

    /** The stack's ClusterUrl may list several peers; the probe must read it as every function does, https only. */
    @Test
    void the_cluster_url_is_one_or_more_https_peers_as_every_function_reads_it() {
        Map<String, String> m = env("eu=https://eu.gw.example");
        m.put("CLUSTER_URL", "https://eu.cluster.example:9443,https://us.cluster.example:9443");
        assertEquals(List.of(URI.create("https://eu.cluster.example:9443"), URI.create("https://us.cluster.example:9443")),
                ProbeConfig.fromEnvironment(m).clusterUrls());
        m.put("CLUSTER_URL", "http://cluster.example:9094");
        ConfigException e = assertThrows(ConfigException.class, () -> ProbeConfig.fromEnvironment(m));
        assertTrue(e.getMessage().contains("CLUSTER_URL must be an https:// URL"), e.getMessage());
    }

    @Test
    void metrics_go_to_the_stacks_namespace() {
        Map<String, String> m = env("eu=https://eu.gw.example");
        assertEquals("GrokmePinning", ProbeConfig.fromEnvironment(m).metricsNamespace());
        m.put("METRICS_NAMESPACE", "GrokmePinning/my-stack");
        assertEquals("GrokmePinning/my-stack", ProbeConfig.fromEnvironment(m).metricsNamespace());
        m.put("METRICS_NAMESPACE", "AWS/Lambda");
        assertTrue(assertThrows(ConfigException.class, () -> ProbeConfig.fromEnvironment(m)).getMessage().contains("METRICS_NAMESPACE"));
    }

    /** sam local invoke reaches the host's gateway as host.docker.internal, which counts as local like loopback. */
    @Test
    void plain_http_to_the_docker_host_is_local() {
        assertEquals(URI.create("http://host.docker.internal:8080"),
                ProbeConfig.fromEnvironment(env("eu=http://host.docker.internal:8080")).gateways().get("eu"));
    }

    @Test
    void a_run_interval_longer_than_the_period_is_refused() {
        Map<String, String> m = env("eu=https://eu.example");
        m.put("PROBE_RUN_INTERVAL", "8d");
        ConfigException e = assertThrows(ConfigException.class, () -> ProbeConfig.fromEnvironment(m));
        assertTrue(e.getMessage().contains("PROBE_RUN_INTERVAL"), e.getMessage());
    }
}
