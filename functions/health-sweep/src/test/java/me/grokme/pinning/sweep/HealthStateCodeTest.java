package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state buckets outlive any one version of the code: what a fingerprint stores must never move. */
class HealthStateCodeTest {

    // The codes every stored fingerprint was written with (before codes existed they were the ordinals of this order).
    private static final Map<HealthState, Integer> STORED = Map.of(HealthState.UNKNOWN_TO_CLUSTER, 0, HealthState.UNDER_REPLICATED, 1,
            HealthState.ERRORED, 2, HealthState.REGION_POOR, 3, HealthState.PINNING, 4, HealthState.HEALTHY, 5);

    private static CidHealth cid(HealthState state) {
        return new CidHealth("bafy", "genesis-1", state, 3, List.of("eu", "us"), 3, 5, Map.of(), List.of());
    }

    @Test
    void eachStateIsStoredUnderTheCodeItWasFirstStoredWithWhateverTheEnumsOrder() {
        for (Map.Entry<HealthState, Integer> e : STORED.entrySet()) {
            int fingerprint = cid(e.getKey()).fingerprint(List.of("eu", "us"));
            assertEquals(e.getValue(), fingerprint >>> 24, e.getKey() + " must keep its stored code");
        }
    }

    @Test
    void aFingerprintStoredByAnEarlierSweepReadsAsTheStateItWasStoredIn() {
        int healthyThreeInEuAndUs = 5 << 24 | 3 << 16 | 0b11;
        assertTrue(Fingerprint.is(healthyThreeInEuAndUs, HealthState.HEALTHY));
        assertFalse(Fingerprint.is(healthyThreeInEuAndUs, HealthState.PINNING));
        assertTrue(Fingerprint.is(2 << 24 | 1 << 16 | 0b1, HealthState.ERRORED));
        assertEquals(healthyThreeInEuAndUs, cid(HealthState.HEALTHY).fingerprint(List.of("eu", "us")), "the same picture, the same bits");
    }

    @Test
    void noFingerprintIsInNoState() {
        for (HealthState s : HealthState.values()) {
            assertFalse(Fingerprint.is(Fingerprint.NONE, s));
        }
    }

    @Test
    void codesAreUniqueAndReadBack() {
        for (HealthState s : HealthState.values()) {
            assertEquals(s, HealthState.ofCode(s.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> HealthState.ofCode(99));
    }
}
