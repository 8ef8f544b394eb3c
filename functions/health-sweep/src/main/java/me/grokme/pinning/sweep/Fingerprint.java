package me.grokme.pinning.sweep;

import java.util.List;

/**
 * What the delta store keeps per CID between sweeps, packed into an int: the state's stable
 * {@link HealthState#code() code} (8 bits), the pinned count (8 bits, capped at 255) and the set of regions
 * holding a replica (16 bits, a bit per region of the sweep's sorted region list). A change in any of them is
 * worth a write; a CID whose picture is the same writes nothing.
 */
final class Fingerprint {

    /** No fingerprint: the CID was not seen. Never a real one (the code byte of a real one is at most 127). */
    static final int NONE = -1;

    private Fingerprint() {
    }

    static int of(HealthState state, int pinned, List<String> regions, List<String> regionIndex) {
        int mask = 0;
        for (String r : regions) {
            int i = regionIndex.indexOf(r);
            mask |= 1 << Math.min(Math.max(i, 0), 15);
        }
        return (state.code() << 24) | (Math.min(pinned, 255) << 16) | mask;
    }

    /** Whether {@code fingerprint} is a real one in {@code state}. */
    static boolean is(int fingerprint, HealthState state) {
        return fingerprint != NONE && (fingerprint >>> 24) == state.code();
    }
}
