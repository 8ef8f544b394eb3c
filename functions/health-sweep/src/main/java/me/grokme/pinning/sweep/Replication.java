package me.grokme.pinning.sweep;

/**
 * A pin's replication factors packed into an int (min in the high 16 bits, max in the low, each signed), so the
 * pinset of millions of CIDs is one int column of {@link SweepState}. {@code -1} ("everywhere") packs like any other
 * value; {@link #UNKNOWN} — a minimum no pin can have — marks a CID the pinset did not list.
 */
final class Replication {

    /** Not in the pinset: the sweep's default factors apply. */
    static final int UNKNOWN = Short.MIN_VALUE << 16;

    private Replication() {
    }

    /** Factors beyond a short are clamped (no cluster has 32,767 peers). */
    static int pack(int min, int max) {
        return clamp(min) << 16 | (clamp(max) & 0xffff);
    }

    static int min(int packed) {
        return packed >> 16;
    }

    static int max(int packed) {
        return (short) packed;
    }

    private static int clamp(int v) {
        return Math.max(-1, Math.min(Short.MAX_VALUE, v));
    }
}
