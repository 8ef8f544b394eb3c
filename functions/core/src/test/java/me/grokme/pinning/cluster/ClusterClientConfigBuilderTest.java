package me.grokme.pinning.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterClientConfigBuilderTest {

    @Test
    void namedSettingsLandInTheirPlaces() {
        ClusterClientConfig c = ClusterClientConfig.builder(List.of(URI.create("https://eu.example"), URI.create("https://us.example")))
                .auth(new ClusterAuth.Basic("u", "p")).timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3))
                .streams(Duration.ofSeconds(4), Duration.ofSeconds(5)).retries(6, Duration.ofMillis(7)).build();
        assertEquals(new ClusterClientConfig(List.of(URI.create("https://eu.example"), URI.create("https://us.example")),
                new ClusterAuth.Basic("u", "p"), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4), 6,
                Duration.ofMillis(7), Duration.ofSeconds(5)), c);
    }

    @Test
    void unsetSettingsAreTheDefaultsAndTheBuiltConfigIsValidatedAsEver() {
        assertEquals(ClusterClientConfig.defaults(URI.create("https://eu.example"), new ClusterAuth.None()),
                ClusterClientConfig.builder(URI.create("https://eu.example")).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterClientConfig.builder(URI.create("ftp://eu.example")).build());
        assertThrows(IllegalArgumentException.class, () -> ClusterClientConfig.builder(URI.create("https://eu.example")).retries(11, Duration.ZERO)
                .build());
    }
}
