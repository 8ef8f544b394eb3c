package me.grokme.pinning.clustersim;

import me.grokme.pinning.clock.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Simulator settings.
 *
 * @param port                 loopback port; 0 picks a free one
 * @param peers                the cluster's peers (at least one); the first answers {@code GET /id}
 * @param pinDelay             time from commit to {@code pinned} on an allocated peer (half queued, half pinning)
 * @param pingInterval         {@code cluster.monitor_ping_interval}; a dead peer's ping expires after 2×
 * @param metricTtl            informers' {@code metric_ttl} (freespace, pinqueue, tag:region)
 * @param replicationMin       {@code cluster.replication_factor_min}, used when a pin asks for 0
 * @param replicationMax       {@code cluster.replication_factor_max}
 * @param repinning            the opposite of {@code cluster.disable_repinning} (the real default is off)
 * @param contentSizeBytes     space each pinned CID takes on a peer
 * @param basicAuth            when present, the REST API requires these credentials (Basic or a token from POST /token)
 * @param clock                the simulator's time; a {@link ManualClock} makes tests deterministic
 */
public record SimulatorConfig(
        int port,
        List<SimPeerSpec> peers,
        Duration pinDelay,
        Duration pingInterval,
        Duration metricTtl,
        int replicationMin,
        int replicationMax,
        boolean repinning,
        long contentSizeBytes,
        Optional<Credentials> basicAuth,
        Clock clock) {

    /** One peer: its name ({@code peername}), region tag ({@code tag:region}) and free space in bytes. */
    public record SimPeerSpec(String name, String region, long freeSpaceBytes) {
        public SimPeerSpec {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(region, "region");
            if (name.isBlank() || region.isBlank()) {
                throw new IllegalArgumentException("peer name and region must not be blank");
            }
        }
    }

    /** REST API basic-auth user and password. */
    public record Credentials(String user, String password) {
        public Credentials {
            if (user == null || user.isEmpty() || password == null || password.isEmpty()) {
                throw new IllegalArgumentException("basic auth needs a non-empty user and password");
            }
        }

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=***]";
        }
    }

    public SimulatorConfig {
        peers = List.copyOf(peers);
        if (peers.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one peer");
        }
        if (peers.stream().map(SimPeerSpec::name).distinct().count() != peers.size()) {
            throw new IllegalArgumentException("peer names must be unique");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        Objects.requireNonNull(pinDelay, "pinDelay");
        Objects.requireNonNull(pingInterval, "pingInterval");
        Objects.requireNonNull(metricTtl, "metricTtl");
        Objects.requireNonNull(basicAuth, "basicAuth");
        Objects.requireNonNull(clock, "clock");
    }

    /** {@code n} peers named {@code <region>-<k>} with regions cycling eu, us, asia; 100 GiB free each. */
    public static SimulatorConfig ofPeers(int n) {
        String[] regions = {"eu", "us", "asia"};
        List<SimPeerSpec> peers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String region = regions[i % regions.length];
            peers.add(new SimPeerSpec(region + "-" + (i / regions.length + 1), region, 100L << 30));
        }
        return new SimulatorConfig(0, peers, Duration.ofSeconds(2), Duration.ofSeconds(15), Duration.ofSeconds(30),
                -1, -1, false, 1 << 20, Optional.empty(), Clock.systemUTC());
    }

    /** Three peers eu-1, us-1, asia-1 in regions eu, us and asia. */
    public static SimulatorConfig threeRegions() {
        return ofPeers(3);
    }

    public SimulatorConfig withPort(int p) {
        return new SimulatorConfig(p, peers, pinDelay, pingInterval, metricTtl, replicationMin, replicationMax, repinning,
                contentSizeBytes, basicAuth, clock);
    }

    public SimulatorConfig withClock(Clock c) {
        return new SimulatorConfig(port, peers, pinDelay, pingInterval, metricTtl, replicationMin, replicationMax, repinning,
                contentSizeBytes, basicAuth, c);
    }

    public SimulatorConfig withPinDelay(Duration d) {
        return new SimulatorConfig(port, peers, d, pingInterval, metricTtl, replicationMin, replicationMax, repinning,
                contentSizeBytes, basicAuth, clock);
    }

    public SimulatorConfig withRepinning(boolean on) {
        return new SimulatorConfig(port, peers, pinDelay, pingInterval, metricTtl, replicationMin, replicationMax, on,
                contentSizeBytes, basicAuth, clock);
    }

    public SimulatorConfig withBasicAuth(String user, String password) {
        return new SimulatorConfig(port, peers, pinDelay, pingInterval, metricTtl, replicationMin, replicationMax, repinning,
                contentSizeBytes, Optional.of(new Credentials(user, password)), clock);
    }

    public SimulatorConfig withReplication(int min, int max) {
        return new SimulatorConfig(port, peers, pinDelay, pingInterval, metricTtl, min, max, repinning,
                contentSizeBytes, basicAuth, clock);
    }

    public SimulatorConfig withPeers(List<SimPeerSpec> p) {
        return new SimulatorConfig(port, p, pinDelay, pingInterval, metricTtl, replicationMin, replicationMax, repinning,
                contentSizeBytes, basicAuth, clock);
    }
}
