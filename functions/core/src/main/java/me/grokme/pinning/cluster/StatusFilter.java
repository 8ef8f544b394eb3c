package me.grokme.pinning.cluster;

/**
 * Values accepted by {@code GET /pins?filter=}: every concrete {@link TrackerStatus} plus the two
 * aliases the cluster defines only for filtering ({@code error}, {@code queued}).
 */
public enum StatusFilter {
    CLUSTER_ERROR("cluster_error"),
    PIN_ERROR("pin_error"),
    UNPIN_ERROR("unpin_error"),
    ERROR("error"),
    PINNED("pinned"),
    PINNING("pinning"),
    UNPINNING("unpinning"),
    UNPINNED("unpinned"),
    REMOTE("remote"),
    PIN_QUEUED("pin_queued"),
    UNPIN_QUEUED("unpin_queued"),
    QUEUED("queued"),
    SHARDED("sharded"),
    UNEXPECTEDLY_UNPINNED("unexpectedly_unpinned");

    private final String wire;

    StatusFilter(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
