package me.grokme.pinning.cluster;

/** No HTTP answer: connection refused, DNS, TLS handshake, timeout. Safe to retry later. */
public final class ClusterUnreachableException extends ClusterException {

    private final boolean connectionBroken;

    public ClusterUnreachableException(String operation, String message, Throwable cause) {
        this(operation, message, cause, false);
    }

    ClusterUnreachableException(String operation, String message, Throwable cause, boolean connectionBroken) {
        super(operation, -1, "", message, cause);
        this.connectionBroken = connectionBroken;
    }

    /**
     * The connection broke before any answer (not a timeout, not a refused connect): what a pooled
     * connection that a proxy closed while idle looks like. A fresh connection may succeed at once.
     */
    boolean connectionBroken() {
        return connectionBroken;
    }
}
