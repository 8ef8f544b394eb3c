package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Peers judged by their ping and free space, against what the previous sweep stored: no cluster, no table. */
class PeerHealthTest {

    private static final Instant BEFORE = Instant.parse("2026-12-01T11:55:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final PeerPolicy ALL = new PeerPolicy(Set.of(), Duration.ofDays(7));

    @Test
    void aLivePeerIsUpOrDegradedWithoutFreeSpaceAndOneWhosePingExpiredIsDownSinceItWasLastSeen() {
        PeerObservation seen = new PeerObservation(Set.of("id-eu", "id-us"), Map.of("id-eu", "eu", "id-us", "us", "id-as", "asia"),
                Map.of("id-eu", "eu-1", "id-us", "us-1"), Map.of("id-eu", 1000L, "id-us", 0L));
        Map<String, PeerRecord> previous = Map.of("id-as", new PeerRecord("asia-1", "asia", PeerStatus.UP, BEFORE));
        PeerHealth.Judgement j = PeerHealth.judge(seen.withPrevious(previous), previous, Map.of("id-eu", 7L), NOW, ALL);
        assertEquals(PeerStatus.UP, j.views().get("eu-1").status());
        assertEquals(7, j.views().get("eu-1").pins());
        assertEquals(PeerStatus.DEGRADED, j.views().get("us-1").status());
        PeerView asia = j.views().get("asia-1");
        assertEquals(PeerStatus.DOWN, asia.status());
        assertEquals(BEFORE, asia.lastSeen(), "a down peer was last seen when it last pinged");
        assertEquals(new PeerRecord("asia-1", "asia", PeerStatus.DOWN, BEFORE), j.toSave().get("id-as"));
        assertEquals(1, PeerHealth.down(j.views()));
    }

    @Test
    void onlyAChangedStatusIsATransition() {
        PeerObservation seen = new PeerObservation(Set.of("id-eu"), Map.of("id-eu", "eu"), Map.of("id-eu", "eu-1"), Map.of("id-eu", 5L));
        Map<String, PeerRecord> wasDown = Map.of("id-eu", new PeerRecord("eu-1", "eu", PeerStatus.DOWN, BEFORE));
        List<PeerHealth.Transition> back = PeerHealth.judge(seen, wasDown, Map.of(), NOW, ALL).transitions();
        assertEquals(List.of(new PeerHealth.Transition(PeerStatus.UP, "eu-1", "was down (region eu)")), back);
        assertEquals("peer_up", back.get(0).eventKind());
        Map<String, PeerRecord> wasUp = Map.of("id-eu", new PeerRecord("eu-1", "eu", PeerStatus.UP, BEFORE));
        assertTrue(PeerHealth.judge(seen, wasUp, Map.of(), NOW, ALL).transitions().isEmpty());
        assertTrue(PeerHealth.judge(seen, Map.of(), Map.of(), NOW, ALL).transitions().isEmpty(), "a peer seen for the first time is no transition");
    }

    @Test
    void anUntrustedPeerIsNotJudgedAndOneUnseenForTheRetentionIsRetiredWithAnEventInsteadOfStayingDown() {
        PeerObservation seen = new PeerObservation(Set.of("id-eu", "id-x"), Map.of("id-eu", "eu", "id-x", "eu"), Map.of("id-eu", "eu-1"),
                Map.of("id-eu", 5L));
        Map<String, PeerRecord> previous = Map.of("id-old", new PeerRecord("us-9", "us", PeerStatus.DOWN, NOW.minus(Duration.ofDays(8))),
                "id-as", new PeerRecord("asia-1", "asia", PeerStatus.DOWN, NOW.minus(Duration.ofDays(6))));
        PeerHealth.Judgement j = PeerHealth.judge(seen.withPrevious(previous), previous, Map.of(), NOW,
                new PeerPolicy(Set.of("id-eu", "id-old", "id-as"), Duration.ofDays(7)));
        assertEquals(Set.of("eu-1", "asia-1"), j.views().keySet());
        assertEquals(Set.of("id-eu", "id-as"), j.toSave().keySet());
        assertEquals(List.of("peer_retired"), j.transitions().stream().map(PeerHealth.Transition::eventKind).toList());
    }

    @Test
    void withoutThisSweepsMetricsPeersAreShownAsThePreviousSweepLeftThem() {
        Map<String, PeerRecord> previous = Map.of("id-eu", new PeerRecord("eu-1", "eu", PeerStatus.DOWN, BEFORE));
        PeerView v = PeerHealth.carried(previous, Map.of("id-eu", 3L)).get("eu-1");
        assertEquals(new PeerView("eu-1", "eu", PeerStatus.DOWN, BEFORE, 3, 0), v);
    }

    @Test
    void aStoredPeerReadsBackInTheFormSweepsHaveAlwaysWritten() {
        PeerRecord p = PeerRecord.decode("eu-1|eu|degraded|1764590100000");
        assertEquals(new PeerRecord("eu-1", "eu", PeerStatus.DEGRADED, Instant.ofEpochMilli(1764590100000L)), p);
        assertEquals("eu-1|eu|degraded|1764590100000", p.encode());
        assertThrows(IllegalArgumentException.class, () -> PeerRecord.decode("eu-1|eu|sleeping|1"));
    }
}
