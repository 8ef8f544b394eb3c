package me.grokme.pinning.cluster;

/**
 * A failed call to the cluster. {@link #httpStatus()} is -1 when no HTTP answer was read;
 * {@link #clusterMessage()} is the cluster's own {@code message} when it sent one (else empty).
 */
public abstract sealed class ClusterException extends RuntimeException
        permits ClusterUnreachableException, ClusterAuthException, ClusterApiException,
                ClusterProtocolException, ClusterStreamIncompleteException {

    private final String operation;
    private final int httpStatus;
    private final String clusterMessage;

    protected ClusterException(String operation, int httpStatus, String clusterMessage, String message, Throwable cause) {
        super(operation + ": " + message, cause);
        this.operation = operation;
        this.httpStatus = httpStatus;
        this.clusterMessage = clusterMessage == null ? "" : clusterMessage;
    }

    /** The call that failed, e.g. {@code POST /pins/ipfs/{cid}}. */
    public String operation() {
        return operation;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String clusterMessage() {
        return clusterMessage;
    }

    /**
     * The failure as one line for the ledger and logs, e.g. {@code ClusterApiException HTTP 500: pin queue full}.
     * Never holds credentials: the client strips them from everything it puts in an exception.
     */
    public String summary() {
        return getClass().getSimpleName() + (httpStatus > 0 ? " HTTP " + httpStatus : "")
                + (clusterMessage.isEmpty() ? "" : ": " + clusterMessage);
    }
}
