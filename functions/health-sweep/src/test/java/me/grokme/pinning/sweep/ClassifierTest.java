package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.TrackerStatus;
import org.junit.jupiter.api.Test;

class ClassifierTest {

    private static final Map<String, String> REGIONS = Map.of("p-eu1", "eu", "p-eu2", "eu", "p-us1", "us", "p-as1", "asia");
    private final Classifier classifier = new Classifier(2);

    private static GlobalPinInfo status(Object... peerAndStatus) {
        Map<String, PinInfoShort> map = new LinkedHashMap<>();
        for (int i = 0; i < peerAndStatus.length; i += 2) {
            String peer = (String) peerAndStatus[i];
            map.put(peer, new PinInfoShort(peer.substring(2), Optional.empty(), List.of(), (TrackerStatus) peerAndStatus[i + 1],
                    Instant.EPOCH, "", 0, false));
        }
        return new GlobalPinInfo("bafy", "genesis-1", List.copyOf(map.keySet()), List.of(), Instant.EPOCH, Map.of(), map);
    }

    @Test
    void threePinnedInThreeRegionsIsHealthy() {
        CidHealth h = classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED, "p-as1",
                TrackerStatus.PINNED, "p-eu2", TrackerStatus.REMOTE), REGIONS, 3, 5);
        assertEquals(HealthState.HEALTHY, h.state());
        assertEquals(3, h.pinned());
        assertEquals(List.of("asia", "eu", "us"), h.regions());
        assertEquals(3, h.peerStatus().size(), "remote peers are not part of the record");
    }

    @Test
    void aVanishedPeerLeavesTheCidUnderReplicated() {
        assertEquals(HealthState.UNDER_REPLICATED, classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED),
                REGIONS, 3, 5).state());
    }

    @Test
    void queuedOrPinningPeersThatWouldReachTheMinimumArePinning() {
        assertEquals(HealthState.PINNING, classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNING,
                "p-as1", TrackerStatus.PIN_QUEUED), REGIONS, 3, 5).state());
    }

    @Test
    void anyErroredPeerMakesItErroredSoItGetsRecovered() {
        for (TrackerStatus bad : List.of(TrackerStatus.PIN_ERROR, TrackerStatus.UNEXPECTEDLY_UNPINNED)) {
            assertEquals(HealthState.ERRORED, classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED,
                    "p-as1", TrackerStatus.PINNED, "p-eu2", bad), REGIONS, 3, 5).state(), bad.wire());
        }
    }

    @Test
    void aPeerThatDoesNotAnswerIsNoReplicaButNoPinErrorEither() {
        // A killed peer, its ping not yet expired: the cluster lists it with cluster_error for every pin.
        assertEquals(HealthState.HEALTHY, classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED,
                "p-as1", TrackerStatus.CLUSTER_ERROR), REGIONS, 2, 2).state(), "both copies answer; the peer held none");
        CidHealth lost = classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-as1", TrackerStatus.CLUSTER_ERROR,
                "p-us1", TrackerStatus.REMOTE), REGIONS, 2, 2);
        assertEquals(HealthState.UNDER_REPLICATED, lost.state(), "one copy answers");
        assertEquals(1, lost.pinned());
        assertEquals("cluster_error", lost.peerStatus().get("as1"));
    }

    @Test
    void enoughReplicasInOneRegionAreRegionPoor() {
        assertEquals(HealthState.REGION_POOR, classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-eu2", TrackerStatus.PINNED),
                REGIONS, 2, 2).state());
        assertEquals(HealthState.HEALTHY, new Classifier(1).classify(status("p-eu1", TrackerStatus.PINNED, "p-eu2", TrackerStatus.PINNED),
                REGIONS, 2, 2).state(), "one region is enough when configured so");
    }

    @Test
    void fingerprintsChangeWithStatePinnedCountOrRegionsOnly() {
        List<String> index = List.of("asia", "eu", "us");
        CidHealth a = classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED, "p-as1", TrackerStatus.PINNED),
                REGIONS, 3, 5);
        CidHealth same = classifier.classify(status("p-as1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED, "p-eu1", TrackerStatus.PINNED),
                REGIONS, 3, 5);
        CidHealth moved = classifier.classify(status("p-eu2", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED, "p-as1", TrackerStatus.PINNED),
                REGIONS, 3, 5);
        CidHealth fewer = classifier.classify(status("p-eu1", TrackerStatus.PINNED, "p-us1", TrackerStatus.PINNED), REGIONS, 3, 5);
        assertEquals(a.fingerprint(index), same.fingerprint(index));
        assertEquals(a.fingerprint(index), moved.fingerprint(index), "same count and regions: nothing to write");
        assertNotEquals(a.fingerprint(index), fewer.fingerprint(index));
    }
}
