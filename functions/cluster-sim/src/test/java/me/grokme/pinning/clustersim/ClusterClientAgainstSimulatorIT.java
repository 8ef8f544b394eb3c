package me.grokme.pinning.clustersim;

import me.grokme.pinning.clock.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterApiException;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterAuthException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.ClusterClientContract;
import me.grokme.pinning.cluster.ClusterStreamIncompleteException;
import me.grokme.pinning.cluster.ClusterUnreachableException;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.StatusQuery;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same contract the client passes on real-shape fixtures, now against the simulator, plus its faults. */
class ClusterClientAgainstSimulatorIT extends ClusterClientContract {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:15:02Z"));
    private ClusterSimulator sim;
    private ClusterClient client;

    @BeforeEach
    void start() {
        sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock).withBasicAuth("admin", "pw-123"));
        client = clientFor(new ClusterAuth.Basic("admin", "pw-123"), Duration.ofSeconds(5));
    }

    private ClusterClient clientFor(ClusterAuth auth, Duration readTimeout) {
        return new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), auth, Duration.ofSeconds(2), readTimeout,
                Duration.ofSeconds(10), readTimeout, 2, Duration.ofMillis(10)), new OkHttpClient(), d -> { });
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    @Override
    protected ClusterClient client() {
        return client;
    }

    @org.junit.jupiter.api.Test
    void repinningWithRaisedFactorsUpdatesThePin() {
        repinningWithRaisedFactorsUpdatesThePin(UNKNOWN);
    }

    @Override
    protected void awaitPinned(Cid cid) {
        clock.advance(sim.config().pinDelay().plusMillis(1));
    }

    @Test
    void wrongCredentialsAreAnAuthError() {
        ClusterAuthException e = assertThrows(ClusterAuthException.class, () -> clientFor(new ClusterAuth.Basic("admin", "nope"),
                Duration.ofSeconds(2)).id());
        assertEquals("unauthorized: access denied", e.clusterMessage());
    }

    @Test
    void notEnoughPeersIsA500WithTheClustersMessage() {
        ClusterApiException e = assertThrows(ClusterApiException.class, () -> client.pin(PINNED, PinOptions.of("x", 4, 5)));
        assertEquals(500, e.httpStatus());
        assertTrue(e.clusterMessage().startsWith("not enough peers to allocate CID. Needed at least: 4"), e.clusterMessage());
        assertEquals(0, sim.pinCount());
    }

    @Test
    void aStreamCutMidwayIsIncompleteAfterTheItemsThatArrived() {
        sim.seedPinned(500, 3, false);
        sim.cutNextStreamAfter(120);
        List<GlobalPinInfo> got = new ArrayList<>();
        ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                () -> client.statusAll(StatusQuery.all(), got::add));
        assertEquals(120, e.itemsDelivered());
        assertEquals(120, got.size());
        assertEquals(500, client.statusAll(StatusQuery.all(), g -> { }), "the next stream is whole again");
    }

    @Test
    void aStreamWithAnErrorTrailerIsIncomplete() {
        sim.seedPinned(10, 3, false);
        sim.errorTrailerOnNextStream("could not get pinset from IPFS: connection refused");
        ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                () -> client.statusAll(StatusQuery.all(), g -> { }));
        assertEquals(10, e.itemsDelivered());
        assertTrue(e.getMessage().contains("could not get pinset"), e.getMessage());
    }

    @Test
    void transient500sOnReadsAreRetriedAway() {
        sim.failNext(2, 500, "/id");
        assertEquals("eu-1", client.id().peername());
        assertEquals(1, sim.requestCount("GET", "/id"), "the two failures were answered before routing");
    }

    @Test
    void aSlowClusterBeyondTheReadTimeoutIsUnreachable() {
        sim.slowResponses(Duration.ofMillis(1500));
        assertThrows(ClusterUnreachableException.class, () -> clientFor(new ClusterAuth.Basic("admin", "pw-123"),
                Duration.ofMillis(300)).id());
    }

    @Test
    void onePinRequestPinsOnceAndIsCounted() {
        client.pin(PINNED, GENESIS_42);
        assertEquals(1, sim.requestCount("POST", "/pins/ipfs/{path}"));
        assertEquals(List.of("eu-1", "us-1", "asia-1"), sim.truth(PINNED).orElseThrow().allocatedPeers().stream().sorted(
                (a, b) -> List.of("eu-1", "us-1", "asia-1").indexOf(a) - List.of("eu-1", "us-1", "asia-1").indexOf(b)).toList());
    }
}
