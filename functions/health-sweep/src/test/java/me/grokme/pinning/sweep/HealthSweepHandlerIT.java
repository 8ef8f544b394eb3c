package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.Alert;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterPeer;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.Pin;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.config.ConfigException;
import me.grokme.pinning.lifecycle.InvocationDeadline;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FakeLambdaContext;
import org.junit.jupiter.api.Test;

/** The handler hands the invocation's end (less a reserve) to the cluster client for the length of one sweep. */
class HealthSweepHandlerIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T01:00:00Z"));
    private final InvocationDeadline deadline = new InvocationDeadline(clock);
    /** The deadline the cluster client would see at each streamed call. */
    private final List<Optional<Instant>> seenByStreams = new CopyOnWriteArrayList<>();

    /** An empty cluster that notes the invocation deadline whenever a stream starts. */
    private final ClusterClient cluster = new ClusterClient() {
        @Override
        public long allocations(Set<PinType> filter, Consumer<? super Pin> consumer) {
            seenByStreams.add(deadline.get());
            return 0;
        }

        @Override
        public long statusAll(StatusQuery query, Consumer<? super GlobalPinInfo> consumer) {
            seenByStreams.add(deadline.get());
            return 0;
        }

        @Override
        public long peers(Consumer<? super ClusterPeer> consumer) {
            seenByStreams.add(deadline.get());
            return 0;
        }

        @Override
        public List<Metric> metrics(String name) {
            return List.of();
        }

        @Override
        public List<Alert> alerts() {
            return List.of();
        }

        @Override
        public Pin pin(Cid cid, PinOptions options) {
            throw new AssertionError("nothing to pin");
        }

        @Override
        public boolean unpin(Cid cid) {
            throw new AssertionError("not used");
        }

        @Override
        public GlobalPinInfo status(Cid cid) {
            throw new AssertionError("not used");
        }

        @Override
        public Optional<Pin> allocation(Cid cid) {
            throw new AssertionError("not used");
        }

        @Override
        public GlobalPinInfo recover(Cid cid) {
            throw new AssertionError("nothing to recover");
        }

        @Override
        public ClusterPeer id() {
            throw new AssertionError("not used");
        }
    };

    @Test
    void eachInvocationSetsTheDeadlineFromItsRemainingTimeAndClearsIt() {
        SweepConfig config = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", DynamoDbLocal.newLedgerTable(),
                "CLUSTER_URL", "http://127.0.0.1:9"));
        SweepService service = HealthSweepApp.build(config, DynamoDbLocal.client(), cluster, clock,
                new PrintStream(new ByteArrayOutputStream()));
        HealthSweepHandler handler = new HealthSweepHandler(service, deadline);
        handler.handleRequest(null, new FakeLambdaContext("health-sweep", "req-1", 120_000));
        assertTrue(!seenByStreams.isEmpty(), "the sweep streamed from the cluster");
        Instant expected = clock.instant().plusSeconds(120).minus(HealthSweepHandler.FINISH_RESERVE);
        seenByStreams.forEach(seen -> assertEquals(Optional.of(expected), seen));
        assertEquals(Optional.empty(), deadline.get(), "no deadline outlives its invocation");
    }

    @Test
    void theStreamDeadlineIsConfiguredByNameAndValidated() {
        Map<String, String> base = Map.of("LEDGER_TABLE", "t", "CLUSTER_URL", "http://127.0.0.1:9");
        assertEquals(Duration.ofMinutes(3), SweepConfig.fromEnvironment(base).clusterStreamDeadline());
        HashMap<String, String> env = new HashMap<>(base);
        env.put("CLUSTER_STREAM_DEADLINE", "90s");
        SweepConfig config = SweepConfig.fromEnvironment(env);
        assertEquals(Duration.ofSeconds(90), HealthSweepApp.clusterConfig(config, SecretResolver.plainOnly())
                .streamDeadline());
        env.put("CLUSTER_STREAM_DEADLINE", "0s");
        ConfigException e = assertThrows(ConfigException.class,
                () -> SweepConfig.fromEnvironment(env));
        assertTrue(e.getMessage().contains("CLUSTER_STREAM_DEADLINE"), e.getMessage());
    }
}
