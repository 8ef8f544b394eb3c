package me.grokme.pinning.webhook.providers;

/** The body is not a delivery this provider sends; the message names the field and the problem (→ HTTP 400). */
public final class MalformedDeliveryException extends RuntimeException {
    public MalformedDeliveryException(String message) {
        super(message, null, false, false);
    }
}
