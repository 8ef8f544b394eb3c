package me.grokme.pinning.cluster;

/**
 * The cluster answered with an error status and (usually) its {@code {"code","message"}} body: 400 bad
 * parameter, 404 not in the pinset, 500 business rule (not enough peers, replication factors, follower mode…).
 */
public final class ClusterApiException extends ClusterException {
    public ClusterApiException(String operation, int httpStatus, String clusterMessage) {
        super(operation, httpStatus, clusterMessage,
                "cluster answered HTTP " + httpStatus + (clusterMessage == null || clusterMessage.isEmpty() ? "" : ": " + clusterMessage),
                null);
    }

    /** 404 {@code pin is not part of the pinset}. */
    public boolean isNotFound() {
        return httpStatus() == 404;
    }

    /** 5xx: the cluster or something behind it failed; an idempotent call may be retried. */
    public boolean isServerError() {
        return httpStatus() >= 500;
    }
}
