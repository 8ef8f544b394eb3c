package me.grokme.pinning.chain;

/** The chain's RPC endpoint could not answer (network, HTTP error, rate limit, node error): try again later. */
public class RpcUnavailableException extends RuntimeException {
    public RpcUnavailableException(String message) {
        super(message);
    }

    public RpcUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
