package me.grokme.pinning.cluster;

import java.util.HashMap;
import java.util.Map;

/**
 * A peer's status for one CID, as the cluster writes it ({@code status} in PinInfoShort).
 *
 * <p>Unknown strings map to {@link #UNKNOWN} rather than failing: the cluster has added states before
 * ({@code unexpectedly_unpinned}) and a watchdog must not crash on the next one.
 */
public enum TrackerStatus {
    UNDEFINED("undefined"),
    CLUSTER_ERROR("cluster_error"),
    PIN_ERROR("pin_error"),
    UNPIN_ERROR("unpin_error"),
    PINNED("pinned"),
    PINNING("pinning"),
    UNPINNING("unpinning"),
    UNPINNED("unpinned"),
    REMOTE("remote"),
    PIN_QUEUED("pin_queued"),
    UNPIN_QUEUED("unpin_queued"),
    SHARDED("sharded"),
    UNEXPECTEDLY_UNPINNED("unexpectedly_unpinned"),
    UNKNOWN("unknown");

    private static final Map<String, TrackerStatus> BY_WIRE = new HashMap<>();

    static {
        for (TrackerStatus s : values()) {
            BY_WIRE.put(s.wire, s);
        }
    }

    private final String wire;

    TrackerStatus(String wire) {
        this.wire = wire;
    }

    /** The string the REST API uses. */
    public String wire() {
        return wire;
    }

    /** Maps a wire string to a status; anything unrecognised (or null) is {@link #UNKNOWN}. */
    public static TrackerStatus fromWire(String wire) {
        TrackerStatus s = wire == null ? null : BY_WIRE.get(wire);
        return s == null ? UNKNOWN : s;
    }

    /** True for the states that mean "this peer failed at this CID" and that a recover can re-trigger. */
    public boolean isError() {
        return this == CLUSTER_ERROR || this == PIN_ERROR || this == UNPIN_ERROR || this == UNEXPECTEDLY_UNPINNED;
    }

    /** True while a pin is on its way on this peer. */
    public boolean isInProgress() {
        return this == PIN_QUEUED || this == PINNING;
    }
}
