package me.grokme.pinning.cluster;

/**
 * A streamed answer did not complete: a non-empty {@code X-Stream-Error} trailer, or a body cut short.
 * The items delivered before it are real but are NOT the whole answer; never treat absence from them as
 * "gone". {@link ClusterStreamDeadlineException} is the case where the client itself stopped waiting.
 */
public sealed class ClusterStreamIncompleteException extends ClusterException permits ClusterStreamDeadlineException {
    private final long itemsDelivered;

    public ClusterStreamIncompleteException(String operation, int httpStatus, String streamError, long itemsDelivered, Throwable cause) {
        super(operation, httpStatus, streamError,
                "stream incomplete after " + itemsDelivered + " items: " + streamError, cause);
        this.itemsDelivered = itemsDelivered;
    }

    public long itemsDelivered() {
        return itemsDelivered;
    }
}
