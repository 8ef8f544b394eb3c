package me.grokme.pinning.cluster;

/** The answer was not what the REST API writes: malformed JSON, wrong type, unexpected status. */
public final class ClusterProtocolException extends ClusterException {
    public ClusterProtocolException(String operation, int httpStatus, String message, Throwable cause) {
        super(operation, httpStatus, "", message, cause);
    }
}
