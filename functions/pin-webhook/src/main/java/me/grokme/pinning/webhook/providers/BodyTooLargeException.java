package me.grokme.pinning.webhook.providers;

/** A body (or what it inflates to) exceeds the configured limit (→ HTTP 413). */
public final class BodyTooLargeException extends RuntimeException {
    public BodyTooLargeException(String message) {
        super(message, null, false, false);
    }
}
