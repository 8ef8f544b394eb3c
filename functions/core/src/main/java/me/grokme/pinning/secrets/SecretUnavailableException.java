package me.grokme.pinning.secrets;

/** A secret could not be fetched (the message names the kind of store, never the value). */
public final class SecretUnavailableException extends RuntimeException {
    public SecretUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
