package me.grokme.pinning.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DerivedPin;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.ReorgReason;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The release of content only orphaned mints used, in the pin drain: DynamoDB Local and the simulator, simulated time. */
class OrphanReleaseIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T04:00:00Z"));
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    private final Cid orphanedOnly = TestCids.raw(1);
    private final Cid image = TestCids.raw(2);
    private final Cid shared = TestCids.raw(3);
    private ClusterSimulator sim;
    private ClusterClient client;
    private DynamoDbLedger ledger;
    private String table;

    @BeforeEach
    void start() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock));
        client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private PinDrain drain() {
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString()));
        return PinDrainApp.build(DrainConfig.fromEnvironment(env), DynamoDbLocal.client(), client, clock, quiet);
    }

    private static LogKey log(int i) {
        return new LogKey(1, "0x" + String.format("%064x", i), 0);
    }

    private void mint(int log, String token, Cid cid) {
        ledger.recordMint(new MintRecord(log(log), token, cid.toString(), "genesis", 3, 3, 100 + log, "0x" + "cd".repeat(32), "alchemy"));
    }

    private DrainReport.Drained run(PinDrain drain, String id) {
        return assertInstanceOf(DrainReport.Drained.class, drain.run(id, PinDrain.Mode.DUE, Duration.ofSeconds(40)));
    }

    /** Token 1 (metadata and its image) and token 2 were minted in blocks a deep reorg replaced; token 3 shares token 2's CID, live. */
    private PinDrain pinnedThenOrphaned() {
        mint(1, "1", orphanedOnly);
        ledger.recordDerived(new DerivedPin("1", image.toString(), orphanedOnly.toString(), "image", "genesis", 3, 3));
        mint(2, "2", shared);
        mint(3, "3", shared);
        PinDrain drain = drain();
        assertEquals(3, run(drain, "submit").count("submitted"));
        ledger.recordReorged(log(1), "backfill", ReorgReason.DEEP_REORG);
        ledger.recordReorged(log(2), "backfill", ReorgReason.DEEP_REORG);
        return drain;
    }

    @Test
    void contentOnlyOrphanedMintsUsedIsUnpinnedAfterTheGraceAndSharedContentIsKept() {
        PinDrain drain = pinnedThenOrphaned();
        clock.advance(Duration.ofHours(23));
        assertEquals(0, run(drain, "within-grace").count("release_released"), "kept while a mint may still come back");
        assertTrue(sim.truth(orphanedOnly).isPresent());

        clock.advance(Duration.ofHours(2));
        DrainReport.Drained r = run(drain, "after-grace");
        assertEquals(2, r.count("release_released"), r.toString());
        assertTrue(sim.truth(orphanedOnly).isEmpty(), "the orphaned token's metadata is unpinned");
        assertTrue(sim.truth(image).isEmpty(), "and the image only its metadata referenced");
        assertTrue(sim.truth(shared).isPresent(), "a CID a live token still uses is never released");
        assertTrue(ledger.findPin(orphanedOnly.toString()).orElseThrow().released());
        assertEquals(PinState.SUBMITTED, ledger.findPin(shared.toString()).orElseThrow().state());
        assertEquals(0, run(drain, "again").count("release_released"), "released once");
        assertEquals(2, sim.requestCount("DELETE", "/pins/{cid}"), "one unpin each");
    }

    @Test
    void aLiveMintOfReleasedContentPinsItAgain() {
        PinDrain drain = pinnedThenOrphaned();
        clock.advance(Duration.ofHours(25));
        run(drain, "release");
        assertTrue(sim.truth(orphanedOnly).isEmpty());

        mint(9, "1", orphanedOnly); // the canonical chain mints it after all
        assertEquals(PinState.PENDING, ledger.findPin(orphanedOnly.toString()).orElseThrow().state());
        assertEquals(1, run(drain, "revived").count("submitted"));
        assertTrue(sim.truth(orphanedOnly).isPresent());
    }

    @Test
    void aLiveMintBeforeTheGraceEndsKeepsTheContent() {
        PinDrain drain = pinnedThenOrphaned();
        clock.advance(Duration.ofHours(3));
        mint(9, "1", orphanedOnly);
        clock.advance(Duration.ofHours(22));
        DrainReport.Drained r = run(drain, "after-grace");
        assertEquals(0, r.count("release_released"), r.toString());
        assertEquals(1, r.count("release_kept"), "the image: the document referencing it is live again " + r);
        assertTrue(sim.truth(orphanedOnly).isPresent());
        assertTrue(sim.truth(image).isPresent());
    }

    @Test
    void anUnpinTheClusterRefusesIsSentAgainNextRun() {
        PinDrain drain = pinnedThenOrphaned();
        clock.advance(Duration.ofHours(25));
        sim.failNext(10, 500, "/pins/" + orphanedOnly);
        DrainReport.Drained failed = run(drain, "refused");
        assertTrue(failed.count("release_unpin_failed") >= 1, failed.toString());
        assertTrue(sim.truth(orphanedOnly).isPresent());
        sim.clearFaults();
        DrainReport.Drained r = run(drain, "retry");
        assertTrue(sim.truth(orphanedOnly).isEmpty(), r.toString());
        assertTrue(ledger.findPin(orphanedOnly.toString()).orElseThrow().released());
    }
}
