package me.grokme.pinning.ledger;

/**
 * Why a recorded log is no longer on the canonical chain. Both take the one path ({@link Ledger#recordReorged}); the
 * reason is kept on the log, on the token's link and in the dashboard's counters.
 */
public enum ReorgReason {
    /** The indexer delivered the log again with {@code removed: true} (a reorganisation it saw). */
    REMOVED_BY_PROVIDER("removed_by_provider", "removed by provider: the indexer reported the log removed by a chain reorganisation"),
    /** The chain reconciliation found the log's block replaced on the canonical chain (deeper than the confirmation depth). */
    DEEP_REORG("deep_reorg", "deep reorg: the block of this mint is no longer on the canonical chain");

    private final String wire;
    private final String description;

    ReorgReason(String wire, String description) {
        this.wire = wire;
        this.description = description;
    }

    /** The stored and public name. */
    public String wire() {
        return wire;
    }

    /** Our own public wording (never provider text). */
    public String description() {
        return description;
    }

    public static ReorgReason fromWire(String wire) {
        for (ReorgReason r : values()) {
            if (r.wire.equals(wire)) {
                return r;
            }
        }
        return REMOVED_BY_PROVIDER; // logs reorged before reasons were kept were all provider removals
    }
}
