package me.grokme.pinning.mint;

/**
 * What happened to one log of a delivery or a reconciliation page. The wire name is what the webhook's answer and
 * the metrics carry: fixed here, never derived from the constant's name or position.
 */
public enum LogOutcome {
    /** Recorded, and the cluster accepted its pin. */
    PINNED("pinned"),
    /** Recorded; the cluster gets it later (the pin drain or another caller sends it). */
    ACCEPTED("accepted"),
    /** Recorded before: nothing changed. */
    DUPLICATE("duplicate"),
    /** Not a log this webhook follows (another event or contract). */
    IGNORED("ignored"),
    /** Recorded with nothing to pin, with a reason. */
    REJECTED("rejected"),
    /** Removed by a chain reorganisation. */
    REORGED("reorged");

    private final String wire;

    LogOutcome(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
