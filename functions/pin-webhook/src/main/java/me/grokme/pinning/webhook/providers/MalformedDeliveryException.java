package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.MalformedLogException;

/**
 * The body is not a delivery this provider sends; the message names the field and the problem (→ HTTP 400).
 * A malformed log inside a delivery ({@link MalformedLogException}) is answered the same way.
 */
public final class MalformedDeliveryException extends MalformedLogException {
    public MalformedDeliveryException(String message) {
        super(message);
    }
}
