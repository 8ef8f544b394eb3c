package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.MalformedLogException;

/**
 * The body is not a delivery this provider sends; the message names the field and the problem (→ HTTP 400).
 * A malformed log inside a delivery ({@link MalformedLogException}) is answered the same way. The message is
 * what the sender reads; {@link #detail()} is what the parser said, for the log only.
 */
public final class MalformedDeliveryException extends MalformedLogException {

    private final String detail;

    public MalformedDeliveryException(String message) {
        this(message, "");
    }

    public MalformedDeliveryException(String message, String detail) {
        super(message);
        this.detail = detail;
    }

    /** The parser's own words (exception class, location text), or "": never part of an answer. */
    public String detail() {
        return detail;
    }
}
