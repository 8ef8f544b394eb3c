package me.grokme.pinning.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.submit.PinSubmitter;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pin drain on DynamoDB Local against the simulator, in simulated wall time. */
class PinDrainIT {

    private static final String PIN_ROUTE = "/pins/ipfs/{path}";
    private static final int ALL = Integer.MAX_VALUE;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T04:00:00Z"));
    private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    private ClusterSimulator sim;
    private ClusterClient client;
    private DynamoDbLedger ledger;
    private String table;

    @BeforeEach
    void start() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        table = DynamoDbLocal.newLedgerTable();
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private PinDrain drain(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString()));
        env.putAll(extra);
        return PinDrainApp.build(DrainConfig.fromEnvironment(env), DynamoDbLocal.client(), client, clock, quiet);
    }

    private static Cid cid(int i) {
        return TestCids.raw(i);
    }

    /** {@code n} mints recorded while the cluster is down; each first attempt (the webhook's) fails and is deferred. */
    private void deferredByOutage(int n) {
        sim.failNext(ALL, 503, "/");
        PinSubmitter webhook = new PinSubmitter(ledger, client, clock, new JsonLog("test", "webhook", quiet, clock));
        for (int i = 0; i < n; i++) {
            ledger.recordMint(new MintRecord(new LogKey(1, "0x" + String.format("%064x", i), 0), Integer.toString(i), cid(i).toString(),
                    "genesis", 3, 3, 10, "", "logs"));
            assertEquals(PinSubmitter.Outcome.DEFERRED, webhook.submit(cid(i), "", Map.of(), "delivery-" + i));
        }
    }

    private DrainReport.Drained drained(DrainReport r) {
        return assertInstanceOf(DrainReport.Drained.class, r);
    }

    @Test
    void aBacklogDeferredByAnOutageIsSubmittedByTheFirstDrainAfterTheClusterReturns() {
        deferredByOutage(150);
        PinDrain drain = drain(Map.of());
        clock.advance(Duration.ofMinutes(10)); // the outage
        sim.clearFaults();
        clock.advance(Duration.ofSeconds(30)); // the next one-minute run
        DrainReport.Drained r = drained(drain.run("drain-1", PinDrain.Mode.DUE, Duration.ofSeconds(40)));
        assertEquals(150, r.count("submitted"), r.toString());
        assertEquals(150, sim.requestCount("POST", PIN_ROUTE));
        for (int i = 0; i < 150; i++) {
            assertEquals(PinState.SUBMITTED, ledger.findPin(cid(i).toString()).orElseThrow().state());
            assertTrue(sim.truth(cid(i)).isPresent());
        }
    }

    @Test
    void whileTheClusterIsStillDownADrainSendsOneRequestAndChangesNothing() {
        deferredByOutage(100);
        List<PinRequest> was = ledger.pendingDue(Instant.ofEpochMilli(999_999_999_999_999L), 1000);
        CountingClusterClient counting = new CountingClusterClient(client);
        client = counting;
        PinDrain drain = drain(Map.of());
        for (int minute = 0; minute < 10; minute++) {
            clock.advance(Duration.ofMinutes(1));
            assertInstanceOf(DrainReport.ClusterDown.class, drain.run("drain-" + minute, PinDrain.Mode.DUE, Duration.ofSeconds(40)));
            assertInstanceOf(DrainReport.ClusterDown.class, drain.run("forced-" + minute, PinDrain.Mode.FORCE, Duration.ofSeconds(40)));
        }
        assertEquals(Map.of("id", 20L), counting.calls(), "one reachability check per run, no pin attempt");
        List<PinRequest> is = ledger.pendingDue(Instant.ofEpochMilli(999_999_999_999_999L), 1000);
        assertEquals(100, is.size(), "nothing lost");
        assertEquals(was, is, "no attempt counted, no back-off moved, no claim left behind");
        sim.clearFaults();
        assertEquals(100, drained(drain.run("back", PinDrain.Mode.DUE, Duration.ofSeconds(40))).count("submitted"));
    }

    @Test
    void twoDrainsAtOnceSendEachPinExactlyOnce() throws Exception {
        deferredByOutage(120);
        sim.clearFaults();
        sim.slowResponses(Duration.ofMillis(5)); // calls overlap: both drains read the same queue
        clock.advance(Duration.ofMinutes(2));
        PinDrain a = drain(Map.of("DRAIN_CONCURRENCY", "4", "DRAIN_BATCH", "40"));
        PinDrain b = drain(Map.of("DRAIN_CONCURRENCY", "4", "DRAIN_BATCH", "40"));
        CountDownLatch go = new CountDownLatch(1);
        CompletableFuture<DrainReport> ra = CompletableFuture.supplyAsync(() -> await(go, () -> a.run("a", PinDrain.Mode.FORCE, Duration.ofSeconds(40))));
        CompletableFuture<DrainReport> rb = CompletableFuture.supplyAsync(() -> await(go, () -> b.run("b", PinDrain.Mode.FORCE, Duration.ofSeconds(40))));
        go.countDown();
        DrainReport.Drained da = drained(ra.get());
        DrainReport.Drained db = drained(rb.get());
        assertEquals(120, da.count("submitted") + db.count("submitted"), da + " / " + db);
        assertEquals(120, sim.requestCount("POST", PIN_ROUTE), "one cluster request per CID");
        for (int i = 0; i < 120; i++) {
            assertEquals(PinState.SUBMITTED, ledger.findPin(cid(i).toString()).orElseThrow().state());
        }
    }

    private static DrainReport await(CountDownLatch go, java.util.function.Supplier<DrainReport> run) {
        try {
            go.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return run.get();
    }

    @Test
    void refusalsCountTowardTheDeadLetterAndOutagesDoNot() {
        deferredByOutage(1);
        PinDrain drain = drain(Map.of());
        PinSubmitter webhook = new PinSubmitter(ledger, client, clock, new JsonLog("test", "webhook", quiet, clock));
        for (int i = 0; i < 20; i++) { // a long outage: redeliveries keep failing, none counts as a refusal
            clock.advance(Duration.ofMinutes(2));
            assertEquals(PinSubmitter.Outcome.DEFERRED, webhook.submit(cid(0), "", Map.of(), "redelivery-" + i));
        }
        assertEquals(0, ledger.findPin(cid(0).toString()).orElseThrow().refusals());
        sim.clearFaults();
        for (int run = 1; run <= PinSubmitter.DEAD_LETTER_AFTER; run++) {
            sim.failNext(1, 500, "/pins/ipfs/");
            DrainReport.Drained r = drained(drain.run("forced-" + run, PinDrain.Mode.FORCE, Duration.ofSeconds(40)));
            PinRequest p = ledger.findPin(cid(0).toString()).orElseThrow();
            if (run < PinSubmitter.DEAD_LETTER_AFTER) {
                assertEquals(1, r.count("refused"), r.toString());
                assertEquals(PinState.PENDING, p.state());
                assertEquals(run, p.refusals());
                assertTrue(p.nextAttemptAt().isAfter(clock.instant().plus(Duration.ofMinutes(4))), "backed off after a refusal");
                assertEquals(0, drained(drain.run("due-" + run, PinDrain.Mode.DUE, Duration.ofSeconds(40))).outcomes().size(),
                        "a refused pin is not due again within the minute");
            } else {
                assertEquals(1, r.count("dead_lettered"), r.toString());
                assertEquals(PinState.FAILED, p.state());
                assertTrue(p.lastError().startsWith("refused by the cluster " + PinSubmitter.DEAD_LETTER_AFTER + " times"), p.lastError());
            }
        }
        assertFalse(sim.truth(cid(0)).isPresent());
        assertEquals(0, drained(drain.run("after", PinDrain.Mode.FORCE, Duration.ofSeconds(40))).outcomes().size(),
                "a dead-lettered pin leaves the queue");
        // The operator fixed the cause and retries it.
        assertEquals(List.of(cid(0).toString()), drain.requeue(List.of(cid(0).toString(), cid(1).toString()), "operator"));
        assertEquals(1, drained(drain.run("retry", PinDrain.Mode.FORCE, Duration.ofSeconds(40))).count("submitted"));
        assertEquals(PinState.SUBMITTED, ledger.findPin(cid(0).toString()).orElseThrow().state());
        assertTrue(sim.truth(cid(0)).isPresent());
    }

    @Test
    void noPinStartsOnceTheTimeBudgetIsSpent() {
        deferredByOutage(10);
        sim.clearFaults();
        PinDrain drain = drain(Map.of());
        // A budget no longer than one call's timeout leaves no time to start a pin: nothing claimed, all still due.
        DrainReport.Drained r = drained(drain.run("short", PinDrain.Mode.FORCE, Duration.ofSeconds(10)));
        assertTrue(r.outOfTime());
        assertEquals(0, sim.requestCount("POST", PIN_ROUTE));
        clock.advance(Duration.ofMinutes(2));
        assertEquals(10, ledger.pendingDue(clock.instant(), 100).size());
    }

    @Test
    void aCapsuleRaisingTheReplicationOfContentAlreadyWithTheClusterIsSentAgainWithTheRaisedFactors() {
        PinDrain drain = drain(Map.of());
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "a".repeat(64), 0), "7", cid(0).toString(), "genesis", 1, 1, 10, "", "logs"));
        assertEquals(1, drained(drain.run("first", PinDrain.Mode.DUE, Duration.ofSeconds(40))).count("submitted"));
        assertEquals(1, sim.truth(cid(0)).orElseThrow().replicationMax());
        clock.advance(Duration.ofMinutes(5));
        // A second capsule keeping more copies starts using the same content.
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "b".repeat(64), 0), "7", cid(0).toString(), "frames", 2, 3, 11, "", "logs"));
        PinRequest raised = ledger.findPin(cid(0).toString()).orElseThrow();
        assertEquals(List.of(2, 3), List.of(raised.replicationMin(), raised.replicationMax()));

        DrainReport.Drained r = drained(drain.run("second", PinDrain.Mode.DUE, Duration.ofSeconds(40)));
        assertEquals(1, r.count("submitted"), r.toString());
        ClusterSimulator.PinTruth truth = sim.truth(cid(0)).orElseThrow();
        assertEquals(List.of(2, 3), List.of(truth.replicationMin(), truth.replicationMax()), "the cluster's pin carries the raised factors");
        assertEquals(3, truth.allocatedPeers().size());
        assertEquals("genesis-7", truth.name(), "still the first token's pin");
        assertEquals(PinState.SUBMITTED, ledger.findPin(cid(0).toString()).orElseThrow().state());
        assertEquals(0, drained(drain.run("third", PinDrain.Mode.FORCE, Duration.ofSeconds(40))).outcomes().size(), "sent once");
    }

    @Test
    void replicationRaisedWhileThePinIsBeingSentIsSentAgainAfterTheClaim() {
        CountingClusterClient counting = new CountingClusterClient(client);
        client = counting;
        PinDrain drain = drain(Map.of());
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "a".repeat(64), 0), "7", cid(0).toString(), "genesis", 1, 1, 10, "", "logs"));
        counting.duringNextPin(() -> ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "b".repeat(64), 0), "7", cid(0).toString(),
                "frames", 2, 3, 11, "", "logs")));
        drain.run("first", PinDrain.Mode.DUE, Duration.ofSeconds(40));
        assertEquals(1, sim.truth(cid(0)).orElseThrow().replicationMax(), "the first send carried the factors read before the raise");
        assertEquals(PinState.PENDING, ledger.findPin(cid(0).toString()).orElseThrow().state(), "not marked as sent with the raised factors");

        clock.advance(Ledger.CLAIM_TIMEOUT);
        assertEquals(1, drained(drain.run("after-claim", PinDrain.Mode.DUE, Duration.ofSeconds(40))).count("submitted"));
        assertEquals(3, sim.truth(cid(0)).orElseThrow().replicationMax());
        assertEquals(PinState.SUBMITTED, ledger.findPin(cid(0).toString()).orElseThrow().state());
    }
}
