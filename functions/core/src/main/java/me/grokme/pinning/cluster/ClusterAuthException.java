package me.grokme.pinning.cluster;

/** 401 or 403: the configured credentials are missing or wrong. Retrying will not help. */
public final class ClusterAuthException extends ClusterException {
    public ClusterAuthException(String operation, int httpStatus, String clusterMessage) {
        super(operation, httpStatus, clusterMessage,
                "cluster refused the credentials (HTTP " + httpStatus + "): " + clusterMessage, null);
    }

    /** The configured credentials cannot be used (nothing was sent); {@code message} never holds them. */
    ClusterAuthException(String operation, String message) {
        super(operation, -1, "", message, null);
    }
}
