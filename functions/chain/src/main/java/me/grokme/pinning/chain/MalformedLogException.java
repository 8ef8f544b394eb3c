package me.grokme.pinning.chain;

/**
 * A log (from a webhook body or an RPC answer) is not a well-formed Ethereum log; the message names the
 * field and the problem.
 */
public class MalformedLogException extends RuntimeException {
    public MalformedLogException(String message) {
        super(message, null, false, false);
    }
}
