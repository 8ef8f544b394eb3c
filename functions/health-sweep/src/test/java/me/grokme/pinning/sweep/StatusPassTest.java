package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.AllocationRefusal;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status pass over the simulator on loopback, its fingerprints kept in memory: no table. */
class StatusPassTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T12:00:00Z"));
    private ClusterSimulator sim;
    private ClusterClient client;
    private StatusPass pass;
    private JsonLog log;
    private final MemoryFingerprints stored = new MemoryFingerprints();
    private final List<CidHealth> changed = new ArrayList<>();
    private long vanished;
    private final StatusPass.Changes changes = new StatusPass.Changes() {
        @Override
        public void changed(CidHealth c, int previousFingerprint) {
            changed.add(c);
        }

        @Override
        public void vanished(long count) {
            vanished += count;
        }
    };

    /** The fingerprints as a map: what the table's bucket items would keep. */
    private static final class MemoryFingerprints implements FingerprintStore {
        Map<Long, Integer> state = new HashMap<>();

        @Override
        public Loaded load() {
            SweepState table = new SweepState(state.size());
            state.forEach(table::putPrevious);
            return new Loaded(table, Optional.empty());
        }

        /** Returns the number of changed shards, as the table counts bucket writes. */
        @Override
        public int save(Loaded loaded) {
            Map<Long, Integer> kept = new HashMap<>();
            loaded.state().forEachNext(kept::put);
            state = kept;
            int n = 0;
            for (int s = 0; s < SweepState.SHARDS; s++) {
                n += loaded.state().shardChanged(s) ? 1 : 0;
            }
            return n;
        }
    }

    @BeforeEach
    void start() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        SweepConfig config = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", "ledger", "CLUSTER_URL", sim.baseUrl().toString()));
        log = new JsonLog("test", "sweep", new PrintStream(new ByteArrayOutputStream()), clock);
        pass = new StatusPass(client, stored, config, log);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private StatusFindings run() {
        changed.clear();
        StatusFindings f = new StatusFindings(10);
        pass.run(f, new PeerObserver(client, new PeerPolicy(Set.of(), Duration.ofDays(7)), log).observe(clock.instant()), changes, "test");
        return f;
    }

    @Test
    void aCidIsReportedWhenItsPictureChangesAndNotWhenItStaysTheSame() {
        for (int i = 0; i < 5; i++) {
            client.pin(TestCids.raw(i), PinOptions.of("genesis-" + i, 3, 3));
        }
        clock.advance(Duration.ofSeconds(11));
        StatusFindings first = run();
        assertTrue(first.complete);
        assertEquals(5, first.checked);
        assertEquals(5, changed.size(), "the first sight of each CID is a change");
        assertEquals(5L, first.states.get(HealthState.HEALTHY));
        assertEquals(5, first.pinnedHistogram[3]);
        StatusFindings second = run();
        assertEquals(0, second.healthWrites);
        assertTrue(changed.isEmpty());
        assertEquals(0, second.stateWrites, "nothing changed, nothing saved");
    }

    @Test
    void eachCapsulesCidsAreCountedByStateBesideTheGlobalCounts() {
        client.pin(TestCids.raw(1), PinOptions.of("genesis-1", 3, 3).withMetadata(Map.of("capsule", "genesis")));
        client.pin(TestCids.raw(2), PinOptions.of("frames-1", 3, 3).withMetadata(Map.of("capsule", "frames")));
        client.pin(TestCids.raw(3), PinOptions.of("frames-2", 3, 3).withMetadata(Map.of("capsule", "frames")));
        client.pin(TestCids.raw(4), PinOptions.of("someone else's", 3, 3).withMetadata(Map.of("capsule", "Not A Capsule!")));
        clock.advance(Duration.ofSeconds(11));
        client.pin(TestCids.raw(5), PinOptions.of("frames-3", 3, 3).withMetadata(Map.of("capsule", "frames")));
        StatusFindings f = run();
        assertEquals(Map.of(HealthState.HEALTHY, 1L), f.statesByCapsule.get("genesis"));
        assertEquals(Map.of(HealthState.HEALTHY, 2L, HealthState.PINNING, 1L), f.statesByCapsule.get("frames"));
        assertEquals(Set.of("genesis", "frames"), f.statesByCapsule.keySet(), "a pin no capsule made is only in the global counts");
        assertEquals(4L, f.states.get(HealthState.HEALTHY));
    }

    @Test
    void aCutStreamKeepsThePreviousFingerprintsOfWhatItDidNotShowAndACompleteOneCountsTheVanished() {
        for (int i = 0; i < 6; i++) {
            client.pin(TestCids.raw(i), PinOptions.of("genesis-" + i, 3, 3));
        }
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.cutNextStreamAfter(2, "/pins");
        StatusFindings cut = run();
        assertFalse(cut.complete);
        assertEquals(6, stored.state.size(), "the four CIDs not shown keep their fingerprints");
        assertEquals(0, vanished);
        stored.state.put(SweepState.key(CidHealth.hash("a CID the cluster no longer lists")), HealthState.HEALTHY.code() << 24);
        StatusFindings whole = run();
        assertTrue(whole.complete);
        assertEquals(1, whole.vanished);
        assertEquals(1, vanished);
        assertEquals(6, stored.state.size(), "dropped from the state");
    }

    @Test
    void aPinMadeWithALowerMinimumWhilePeersWereDownIsJudgedByTheMinimumItAskedFor() {
        client.pin(TestCids.raw(1), PinOptions.of("degraded", 2, 3).withMetadata(Map.of(AllocationRefusal.WANTED_MIN_KEY, "3")));
        client.pin(TestCids.raw(2), PinOptions.of("lower on purpose", 2, 3));
        clock.advance(Duration.ofSeconds(11));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofMinutes(1));
        StatusFindings f = run();
        List<String> under = f.candidatesWorstFirst().stream().filter(c -> c.state() == HealthState.UNDER_REPLICATED).map(CidHealth::name).toList();
        assertEquals(List.of("degraded"), under, "two copies satisfy the pin made with two on purpose, not the degraded one");
    }

    @Test
    void aPinReplicatedEverywhereIsJudgedByTheLivePeersNotByTheDefaultFactors() {
        client.pin(TestCids.raw(1), PinOptions.of("everywhere", -1, -1));
        clock.advance(Duration.ofSeconds(11));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofMinutes(1));
        StatusFindings f = run();
        CidHealth everywhere = changed.stream().filter(c -> c.name().equals("everywhere")).findFirst().orElseThrow();
        assertEquals(-1, everywhere.replicationMin(), "the pin's own factors, not the sweep's default minimum of 3");
        assertEquals(-1, everywhere.replicationMax());
        assertEquals(HealthState.HEALTHY, everywhere.state(), "on both live peers: nothing to repair");
        assertTrue(f.candidatesWorstFirst().isEmpty());
    }
}
