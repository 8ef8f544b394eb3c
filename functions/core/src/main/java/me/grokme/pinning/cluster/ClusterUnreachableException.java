package me.grokme.pinning.cluster;

/** No HTTP answer: connection refused, DNS, TLS handshake, timeout. Safe to retry later. */
public final class ClusterUnreachableException extends ClusterException {
    public ClusterUnreachableException(String operation, String message, Throwable cause) {
        super(operation, -1, "", message, cause);
    }
}
