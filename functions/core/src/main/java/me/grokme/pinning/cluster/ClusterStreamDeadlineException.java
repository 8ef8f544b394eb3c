package me.grokme.pinning.cluster;

import java.time.Duration;

/**
 * A streamed call ran out of time: the server trickled, stalled or never answered, and the call's deadline
 * (the configured stream deadline, or the caller's own, such as the Lambda invocation's end) passed first.
 * Like any incomplete stream, the items delivered are not the whole answer.
 */
public final class ClusterStreamDeadlineException extends ClusterStreamIncompleteException {

    /** Which limit ended the call. */
    public enum Bound {
        /** {@link ClusterClientConfig#streamDeadline()}. */
        STREAM_DEADLINE,
        /** The deadline the caller passed (the invocation's remaining time). */
        CALLER_DEADLINE
    }

    private final Bound bound;
    private final Duration allowed;

    ClusterStreamDeadlineException(String operation, int httpStatus, long itemsDelivered, Bound bound, Duration allowed, Throwable cause) {
        super(operation, httpStatus, (bound == Bound.STREAM_DEADLINE ? "stream deadline" : "caller's deadline") + " of "
                + allowed.toMillis() + " ms passed", itemsDelivered, cause);
        this.bound = bound;
        this.allowed = allowed;
    }

    public Bound bound() {
        return bound;
    }

    /** The time the call was given. */
    public Duration allowed() {
        return allowed;
    }
}
