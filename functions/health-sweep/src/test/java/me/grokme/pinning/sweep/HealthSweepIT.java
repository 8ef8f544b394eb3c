package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.SubmissionClaim;
import me.grokme.pinning.availability.AvailabilityStore;
import me.grokme.pinning.availability.History;
import me.grokme.pinning.availability.Segment;
import me.grokme.pinning.availability.Timelines;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.FailingDynamoDb;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The sweep on DynamoDB Local against the simulator, with simulated time. */
class HealthSweepIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;
    private ClusterClient client;
    private String table;
    private SweepService sweep;
    private SweepStore store;
    private DynamoDbLedger ledger;
    private final FailingDynamoDb dynamo = new FailingDynamoDb(DynamoDbLocal.client());

    private void start(SimulatorConfig config, Map<String, String> extraEnv) {
        sim = ClusterSimulator.start(config.withClock(clock).withPinDelay(Duration.ofSeconds(10)));
        client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
        table = DynamoDbLocal.newLedgerTable();
        Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString(),
                "REPAIR_BACKOFF", "1m"));
        env.putAll(extraEnv);
        SweepConfig cfg = SweepConfig.fromEnvironment(env);
        sweep = HealthSweepApp.build(cfg, dynamo, client, clock, new PrintStream(new ByteArrayOutputStream()));
        store = new SweepStore(DynamoDbLocal.client(), table);
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), table, clock);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private SweepReport.Completed run() {
        return assertInstanceOf(SweepReport.Completed.class, sweep.run("test"));
    }

    private static Cid cid(int i) {
        return TestCids.raw(i);
    }

    private void pinAll(int n, int min, int max) {
        for (int i = 0; i < n; i++) {
            client.pin(cid(i), PinOptions.of("genesis-" + i, min, max));
        }
    }

    private long count(SweepReport.Completed r, HealthState s) {
        return r.states().getOrDefault(s, 0L);
    }

    @Test
    void aHealthyClusterIsRecordedOnceAndAnUnchangedOneWritesNothing() throws Exception {
        start(SimulatorConfig.threeRegions(), Map.of());
        pinAll(20, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        SweepReport.Completed first = run();
        assertTrue(first.complete());
        assertEquals(20, first.cidsChecked());
        assertEquals(20, count(first, HealthState.HEALTHY));
        assertEquals(20, first.healthWrites());
        clock.advance(Duration.ofMinutes(5));
        SweepReport.Completed second = run();
        assertEquals(0, second.healthWrites(), "nothing changed: no per-CID writes");
        assertEquals(0, second.stateItemWrites(), "nothing changed: no state writes");
        assertEquals(0, second.vanished());
        JsonNode summary = json.readTree(store.loadSummary().orElseThrow());
        assertEquals(20, summary.get("totals").get("healthy").asInt());
        assertEquals(3.0, summary.get("average_replication").asDouble());
        assertEquals(3, summary.get("peers").size());
        assertEquals(Set.of("eu", "us", "asia"), regions(summary));
        assertFalse(summary.toString().contains("12D3KooW"), "no peer ids in the dashboard");
        assertFalse(summary.toString().contains("/ip4/"), "no addresses in the dashboard");
    }

    private static Set<String> regions(JsonNode summary) {
        Set<String> out = new HashSet<>();
        summary.get("regions").forEach(r -> out.add(r.get("region").asText()));
        return out;
    }

    @Test
    void aDeadPeerWithRepinningOffIsRepairedByTheSweep() throws Exception {
        start(SimulatorConfig.ofPeers(6), Map.of());
        pinAll(12, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        assertEquals(12, count(run(), HealthState.HEALTHY));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofMinutes(1)); // ping TTL (30 s) passes: the peer leaves the membership
        SweepReport.Completed degraded = run();
        long affected = count(degraded, HealthState.UNDER_REPLICATED);
        assertTrue(affected > 0, "the dead peer's pins are under-replicated");
        assertEquals(affected, degraded.repairs().getOrDefault("repin", 0).longValue());
        assertEquals(1, degraded.peersDown());
        int sweeps = 1;
        SweepReport.Completed r;
        do {
            clock.advance(Duration.ofMinutes(5));
            r = run();
            sweeps++;
        } while (count(r, HealthState.HEALTHY) < 12 && sweeps < 5);
        assertEquals(12, count(r, HealthState.HEALTHY), "every CID back at 3 pinned");
        assertTrue(sweeps <= 3, "healed within " + sweeps + " sweeps");
        JsonNode summary = json.readTree(store.loadSummary().orElseThrow());
        assertTrue(summary.get("failure_events").toString().contains("peer_down"), summary.get("failure_events").toString());
        assertTrue(summary.get("recent_operations").toString().contains("repin"));
    }

    @Test
    void aPeerThatStopsAnsweringCostsNoRepairBeforeItsPingExpiresSoTheRepinsAfterAreNotHeldBack() {
        start(SimulatorConfig.threeRegions(), Map.of("REPAIR_BACKOFF", "5m"));
        pinAll(12, 2, 2);
        clock.advance(Duration.ofSeconds(11));
        assertEquals(12, count(run(), HealthState.HEALTHY));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5)); // ping TTL 30 s: still a member, it answers cluster_error for every pin
        SweepReport.Completed early = run();
        assertEquals(0, count(early, HealthState.ERRORED), "a peer that does not answer is no pin error: " + early.states());
        assertEquals(Map.of(), early.repairs(), "no recover (it cannot reach the peer) and no re-pin (the peer keeps its allocation)");
        long affected = count(early, HealthState.UNDER_REPLICATED);
        assertTrue(affected > 0 && affected < 12, "the peer held some of the copies: " + early.states());
        clock.advance(Duration.ofMinutes(1)); // its ping expired: its pins can be re-allocated
        SweepReport.Completed expired = run();
        assertEquals(1, expired.peersDown());
        assertEquals(affected, expired.repairs().getOrDefault("repin", 0).longValue(),
                "every affected CID re-pinned at once, no back-off left over from the minute before: " + expired.repairs());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(12, count(run(), HealthState.HEALTHY), "back on 2 peers");
    }

    @Test
    void losingAWholeRegionIsRepairedIntoTheRemainingTwo() throws Exception {
        start(SimulatorConfig.ofPeers(6), Map.of("MAX_REPAIRS_PER_SWEEP", "100"));
        pinAll(12, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.peerDown("asia-1");
        sim.peerDown("asia-2");
        clock.advance(Duration.ofMinutes(1));
        SweepReport.Completed lost = run();
        assertEquals(12, count(lost, HealthState.UNDER_REPLICATED), "every pin had its third replica in asia");
        assertEquals(2, lost.peersDown());
        clock.advance(Duration.ofMinutes(5));
        SweepReport.Completed healed = run();
        assertEquals(12, count(healed, HealthState.HEALTHY));
        for (int i = 0; i < 12; i++) {
            Set<String> regions = new HashSet<>();
            sim.truth(cid(i)).orElseThrow().statusByPeer().forEach((peer, status) -> {
                if (status.equals("pinned")) {
                    regions.add(peer.substring(0, peer.indexOf('-')));
                }
            });
            assertEquals(Set.of("eu", "us"), regions, "3 replicas across the two regions left");
        }
        JsonNode summary = json.readTree(store.loadSummary().orElseThrow());
        summary.get("regions").forEach(r -> {
            if (r.get("region").asText().equals("asia")) {
                assertEquals(0, r.get("peers_up").asInt());
            }
        });
    }

    @Test
    void withRepinningOnTheClusterHealsItselfAndTheSweepDoesNotInterfere() {
        start(SimulatorConfig.ofPeers(6).withRepinning(true), Map.of());
        pinAll(12, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.peerDown("us-1");
        clock.advance(Duration.ofMinutes(1));
        SweepReport.Completed r = run();
        assertEquals(0, r.repairs().getOrDefault("repin", 0), "the cluster re-allocated already: " + r.states());
        clock.advance(Duration.ofSeconds(11));
        assertEquals(12, count(run(), HealthState.HEALTHY));
    }

    @Test
    void aPinErrorIsRecoveredAndFollowedUntilHealthy() {
        start(SimulatorConfig.threeRegions(), Map.of());
        pinAll(3, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.pinError(cid(1), "us-1", "context deadline exceeded");
        SweepReport.Completed r = run();
        assertEquals(1, count(r, HealthState.ERRORED));
        assertEquals(1, r.repairs().get("recover"));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(3, count(run(), HealthState.HEALTHY));
    }

    @Test
    void replicasInOneRegionAreSpreadToAnother() {
        start(SimulatorConfig.ofPeers(6), Map.of());
        client.pin(cid(7), PinOptions.of("genesis-7", 2, 2).withUserAllocations(List.of(sim.peerId("eu-1"), sim.peerId("eu-2"))));
        clock.advance(Duration.ofSeconds(11));
        SweepReport.Completed r = run();
        assertEquals(1, count(r, HealthState.REGION_POOR));
        assertEquals(1, r.repairs().get("rebalance"));
        clock.advance(Duration.ofSeconds(11));
        assertEquals(1, count(run(), HealthState.HEALTHY));
        Set<String> regions = new HashSet<>();
        sim.truth(cid(7)).orElseThrow().allocatedPeers().forEach(p -> regions.add(p.substring(0, p.indexOf('-'))));
        assertTrue(regions.size() >= 2, regions.toString());
    }

    @Test
    void pendingLedgerItemsAreSubmittedAndConfirmedPinned() {
        start(SimulatorConfig.threeRegions(), Map.of());
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "ab".repeat(32), 3), "42", cid(42).toString(), "genesis", 3, 5, 10, "", "logs"));
        SweepReport.Completed r = run();
        assertEquals(1, r.repairs().get("submit"));
        assertEquals(PinState.SUBMITTED, ledger.findPin(cid(42).toString()).orElseThrow().state());
        assertTrue(sim.truth(cid(42)).isPresent());
        clock.advance(Duration.ofSeconds(11));
        run();
        assertEquals(PinState.PINNED, ledger.findPin(cid(42).toString()).orElseThrow().state());
    }

    private void recordPending(int first, int count) {
        for (int i = first; i < first + count; i++) {
            ledger.recordMint(new MintRecord(new LogKey(1, "0x" + String.format("%064x", i), 0), Integer.toString(i), cid(i).toString(),
                    "genesis", 3, 3, 10, "", "logs"));
        }
    }

    @Test
    void aPendingBacklogLargerThanTheRepairBudgetIsSubmittedOverSeveralSweepsAndNoneFails() throws Exception {
        // Issue 13 #1: the budget used up by PENDING submissions made the next query ask DynamoDB for Limit 0.
        start(SimulatorConfig.threeRegions(), Map.of("MAX_REPAIRS_PER_SWEEP", "3"));
        recordPending(100, 7);
        int[] submitted = new int[3];
        for (int sweepNo = 0; sweepNo < 3; sweepNo++) {
            SweepReport.Completed r = run();
            assertEquals(List.of(), r.failedSteps(), "sweep " + sweepNo);
            submitted[sweepNo] = r.repairs().getOrDefault("submit", 0);
            assertEquals(Math.max(0, 7 - 3 * (sweepNo + 1)), r.backlog().orElseThrow().pending(), "still waiting after sweep " + sweepNo);
            assertTrue(store.loadSummary().isPresent(), "the dashboard summary is written every sweep");
            clock.advance(Duration.ofMinutes(5));
        }
        assertEquals(List.of(3, 3, 1), List.of(submitted[0], submitted[1], submitted[2]));
        for (int i = 100; i < 107; i++) {
            assertTrue(sim.truth(cid(i)).isPresent(), "submitted: " + i);
        }
        assertEquals(7, sim.requestCount("POST", "/pins/ipfs/{path}"), "each pending pin sent once");
    }

    @Test
    void aPendingRequestWhoseOnlyLogWasReorgedIsOrphanedAndNoLongerHoldsAGenuineOneBack() {
        // Issue 13 #2: it stayed the earliest due entry and took the only repair slot, sweep after sweep.
        start(SimulatorConfig.threeRegions(), Map.of("MAX_REPAIRS_PER_SWEEP", "1"));
        recordPending(300, 1);
        ledger.recordReorged(new LogKey(1, "0x" + String.format("%064x", 300), 0), "alchemy");
        clock.advance(Duration.ofSeconds(1));
        recordPending(301, 1);

        SweepReport.Completed r = run();

        assertEquals(1, r.repairs().get("submit"), "the genuine pending pin is submitted on the first sweep");
        assertEquals(PinState.SUBMITTED, ledger.findPin(cid(301).toString()).orElseThrow().state());
        PinRequest orphaned = ledger.findPin(cid(300).toString()).orElseThrow();
        assertEquals(PinState.ORPHANED, orphaned.state());
        assertEquals(SweepService.ORPHANED_REASON, orphaned.lastError());
        assertTrue(ledger.pendingDue(clock.instant().plus(Duration.ofDays(1)), 10).isEmpty(), "out of the pending queue");
        assertTrue(sim.truth(cid(300)).isEmpty(), "never pinned on a reorged log's account");
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"));
    }

    @Test
    void aClaimWhoseHolderDiedIsLeftAloneUntilStaleThenTheSweepSendsThePinOnce() {
        start(SimulatorConfig.threeRegions(), Map.of());
        recordPending(400, 1);
        assertInstanceOf(SubmissionClaim.Claimed.class, ledger.claimSubmission(cid(400).toString(), "webhook-that-died", clock.instant()));
        assertEquals(0, run().repairs().getOrDefault("submit", 0), "someone holds the claim: not sent twice");
        clock.advance(Ledger.CLAIM_TIMEOUT);
        assertEquals(1, run().repairs().get("submit"));
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"));
        assertEquals("400", ledger.findPin(cid(400).toString()).orElseThrow().clusterMetadata(clock.instant()).get("tokenId"));
    }

    @Test
    void aFailingStepIsReportedWithItsReasonAndTheOtherStepsStillRun() throws Exception {
        start(SimulatorConfig.threeRegions(), Map.of());
        pinAll(3, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        assertEquals(List.of(), run().failedSteps());
        recordPending(200, 1);
        clock.advance(Duration.ofMinutes(5));
        sim.failNext(1, 500, "/monitor/metrics/ping"); // the peers' metrics cannot be read this time

        SweepReport.Completed r = run();

        assertEquals(List.of("observe_peers"), r.failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        assertTrue(r.failedSteps().get(0).reason().contains("HTTP 500"), r.failedSteps().get(0).reason());
        assertTrue(r.complete(), "the status pass still ran");
        assertEquals(3, count(r, HealthState.HEALTHY));
        assertEquals(1, r.repairs().get("submit"), "the pending pin was still submitted");
        assertEquals(0, r.peersDown(), "no metrics is no evidence that a peer is down");
        JsonNode summary = json.readTree(store.loadSummary().orElseThrow());
        assertEquals(clock.instant().toString(), summary.get("generated_at").asText(), "the summary of this sweep is written");
        assertEquals("observe_peers", summary.get("sweep").get("failed_steps").get(0).get("step").asText());
        assertEquals(3, summary.get("peers").size());
        summary.get("peers").forEach(p -> assertEquals("up", p.get("status").asText(), "kept as the last sweep saw it"));
        assertTrue(summary.get("failure_events").toString().contains("sweep_step_failed"), summary.get("failure_events").toString());
        assertFalse(summary.toString().contains("HTTP 500"), "the cluster's own error text stays out of the dashboard");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> {
            sim.failNext(1, 500, "/monitor/metrics/ping");
            new HealthSweepHandler(sweep).handleRequest(null, null);
        });
        assertTrue(thrown.getMessage().contains("observe_peers"), "the invocation fails so the error alarm sees it: " + thrown.getMessage());
        assertEquals(List.of(), run().failedSteps(), "the next sweep is whole again");
    }

    private Set<String> peerNamesInSummary() throws Exception {
        Set<String> out = new HashSet<>();
        json.readTree(store.loadSummary().orElseThrow()).get("peers").forEach(p -> out.add(p.get("name").asText()));
        return out;
    }

    @Test
    void onlyTrustedPeersAreGrokmesReplicasAndPeersAnUntrustedOneDownIsNoOutage() throws Exception {
        start(SimulatorConfig.ofPeers(6), Map.of());
        String trusted = String.join(",", sim.peerId("eu-1"), sim.peerId("us-1"), sim.peerId("asia-1")); // ids are deterministic
        sim.close();
        start(SimulatorConfig.ofPeers(6), Map.of("TRUSTED_PEERS", trusted));
        pinAll(12, 6, 6); // on all six peers: three of them trusted
        clock.advance(Duration.ofSeconds(11));

        SweepReport.Completed r = run();

        assertEquals(12, count(r, HealthState.UNDER_REPLICATED), "3 trusted replicas of the 6 each pin asks for");
        assertEquals(Set.of("eu-1", "us-1", "asia-1"), peerNamesInSummary(), "guardians and strangers are not GROKME's peers");
        assertEquals(Map.of(), r.repairs(), "already on every trusted live peer: nothing a repin could add");
        sim.peerDown("eu-2");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, run().peersDown(), "an untrusted peer going down is not GROKME's outage");
        sim.peerDown("eu-1");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, run().peersDown());
    }

    @Test
    void aPeerUnseenForTheRetentionIsRetiredAndNoLongerCountsAsDown() throws Exception {
        start(SimulatorConfig.ofPeers(6), Map.of("PEER_RETENTION", "1h"));
        run();
        sim.peerDown("asia-1");
        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, run().peersDown());
        clock.advance(Duration.ofMinutes(50));
        assertEquals(1, run().peersDown(), "within the retention it is still down");

        clock.advance(Duration.ofMinutes(15));
        SweepReport.Completed after = run();

        assertEquals(0, after.peersDown(), "removed or re-keyed peers stop counting as down");
        assertFalse(peerNamesInSummary().contains("asia-1"));
        assertEquals(5, store.loadPeers().size());
        JsonNode summary = json.readTree(store.loadSummary().orElseThrow());
        assertTrue(summary.get("failure_events").toString().contains("peer_retired"), summary.get("failure_events").toString());
        sim.peerUp("asia-1");
        clock.advance(Duration.ofMinutes(1));
        SweepReport.Completed back = run();
        assertEquals(0, back.peersDown());
        assertEquals(6, store.loadPeers().size(), "a retired peer that returns is listed again");
    }

    @Test
    void eachPeersUpAndDownTimeIsKeptAndASweepWithoutMetricsRecordsNoDataNotUp() {
        start(SimulatorConfig.threeRegions(), Map.of());
        run();
        Instant lastUp = clock.instant();
        sim.peerDown("us-1");
        clock.advance(Duration.ofMinutes(5));
        run();
        clock.advance(Duration.ofMinutes(5));
        sim.failNext(1, 500, "/monitor/metrics/ping"); // this sweep sees nothing of the peers
        assertEquals(List.of("observe_peers"), run().failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        clock.advance(Duration.ofMinutes(5));
        sim.peerUp("us-1");
        run();
        Instant firstUpAgain = clock.instant();

        Map<String, History> h = new AvailabilityStore(DynamoDbLocal.client(), table).loadHistories();
        assertEquals(Set.of("HIST#PEER#eu-1", "HIST#PEER#us-1", "HIST#PEER#asia-1", "HIST#REPLICATION"), h.keySet());
        List<Segment> us = h.get("HIST#PEER#us-1").segments();
        assertEquals(List.of(new Segment(lastUp.getEpochSecond(), lastUp.getEpochSecond(), true),
                new Segment(lastUp.getEpochSecond(), firstUpAgain.getEpochSecond(), false),
                new Segment(firstUpAgain.getEpochSecond(), firstUpAgain.getEpochSecond(), true)), us);
        assertEquals("us", h.get("HIST#PEER#us-1").region());
        assertEquals(Duration.ofMinutes(15).toSeconds(), Timelines.observedSeconds(h.get("HIST#PEER#eu-1").segments()),
                "the blind sweep extended nothing by itself; the next one, within three intervals, closes the stretch");
        assertTrue(new AvailabilityStore(DynamoDbLocal.client(), table).loadView().orElseThrow().contains("\"incidents\""));
    }

    @Test
    void previousPeersThatCannotBeReadAreNotOverwrittenSoADownPeerIsNotForgotten() {
        start(SimulatorConfig.ofPeers(6), Map.of());
        run();
        sim.peerDown("asia-1");
        clock.advance(Duration.ofMinutes(1)); // its metrics expire: only the stored peers still know it
        assertEquals(1, run().peersDown());
        dynamo.failNextReadsOf("PEERS", 1);

        SweepReport.Completed blind = run();

        assertEquals(List.of("load_peers"), blind.failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        assertEquals(6, store.loadPeers().size(), "the stored peers are left as they were, the dead one included");
        assertEquals(1, run().peersDown(), "the next sweep still knows the dead peer");
    }

    @Test
    void aSubmittedPinMissingFromTheClusterIsSubmittedAgain() {
        start(SimulatorConfig.threeRegions(), Map.of());
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "cd".repeat(32), 1), "9", cid(9).toString(), "genesis", 3, 3, 10, "", "logs"));
        ledger.markSubmitted(cid(9).toString(), clock.instant()); // the cluster said yes, then lost it
        clock.advance(Duration.ofMinutes(2));
        SweepReport.Completed r = run();
        assertEquals(1, count(r, HealthState.UNKNOWN_TO_CLUSTER));
        assertEquals(1, r.repairs().get("resubmit"));
        assertTrue(sim.truth(cid(9)).isPresent());
        clock.advance(Duration.ofSeconds(11));
        run();
        assertEquals(PinState.PINNED, ledger.findPin(cid(9).toString()).orElseThrow().state());
    }

    @Test
    void aSubmittedPinThatWasAlreadyHealthyIsConfirmedPinned() {
        start(SimulatorConfig.threeRegions(), Map.of());
        client.pin(cid(5), PinOptions.of("external-5", 3, 3));
        clock.advance(Duration.ofSeconds(11));
        run(); // healthy from the first sight: its fingerprint will not change again
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "ef".repeat(32), 2), "5", cid(5).toString(), "genesis", 3, 3, 10, "", "logs"));
        ledger.markSubmitted(cid(5).toString(), clock.instant());
        clock.advance(Duration.ofMinutes(6));
        SweepReport.Completed r = run();
        assertEquals(0, r.healthWrites());
        assertEquals(PinState.PINNED, ledger.findPin(cid(5).toString()).orElseThrow().state());
    }

    @Test
    void anotherSweepHoldingTheLeaseMeansThisOneSkips() {
        start(SimulatorConfig.threeRegions(), Map.of());
        assertTrue(store.acquireLease("someone-else", clock.instant(), Duration.ofMinutes(10)));
        assertInstanceOf(SweepReport.Skipped.class, sweep.run("test"));
        clock.advance(Duration.ofMinutes(11));
        assertInstanceOf(SweepReport.Completed.class, sweep.run("test"), "an expired lease is taken over");
    }

    @Test
    void aCutStatusStreamConcludesNothingAboutTheCidsItDidNotShow() {
        start(SimulatorConfig.threeRegions(), Map.of());
        pinAll(30, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.peerDown("eu-1");
        clock.advance(Duration.ofMinutes(1));
        sim.cutNextStreamAfter(5, "/pins");
        SweepReport.Completed cut = run();
        assertFalse(cut.complete());
        assertEquals(5, cut.cidsChecked());
        assertTrue(cut.healthWrites() <= 5, "only what was seen is recorded");
        SweepReport.Completed whole = run();
        assertTrue(whole.complete());
        assertEquals(30, whole.cidsChecked());
        sim.cutNextStreamAfter(2, "/allocations");
        SweepReport.Completed noPinset = run();
        assertFalse(noPinset.complete());
        assertEquals(0, noPinset.healthWrites(), "no classification without every pin's replication factors");
    }

    @Test
    void outOfTimeRepairsAreLeftForTheNextSweep() {
        start(SimulatorConfig.ofPeers(6), Map.of("SWEEP_TIME_BUDGET", "0s"));
        pinAll(6, 3, 3);
        clock.advance(Duration.ofSeconds(11));
        run();
        sim.peerDown("eu-1");
        clock.advance(Duration.ofMinutes(1));
        SweepReport.Completed r = run();
        assertTrue(r.outOfTime());
        assertTrue(r.repairs().isEmpty());
        assertTrue(count(r, HealthState.UNDER_REPLICATED) > 0, "still known as under-replicated: the next sweep repairs");
    }
}
