package me.grokme.pinning.cid;

/** A string is not a valid CID (or a URI holds none); the message names the problem and the offending value. */
public final class InvalidCidException extends IllegalArgumentException {
    public InvalidCidException(String message) {
        super(message);
    }
}
