package me.grokme.pinning.ledger;

/**
 * The ledger could not be read or written (throttling, service error, timeout, network). Nothing was
 * acknowledged on its account: callers answer 5xx so the sender retries, which is safe because every
 * write is idempotent.
 */
public final class LedgerUnavailableException extends RuntimeException {
    public LedgerUnavailableException(String operation, Throwable cause) {
        super("ledger " + operation + " failed: " + cause.getClass().getSimpleName(), cause);
    }

    /** A failure the store reported without an exception (e.g. keys it kept leaving unprocessed). */
    public LedgerUnavailableException(String operation, String reason) {
        super("ledger " + operation + " failed: " + reason);
    }
}
