package me.grokme.pinning.verify;

/** Bytes that are not the format they claim (CAR, dag-pb, CID). */
public final class MalformedException extends Exception {
    public MalformedException(String message) {
        super(message);
    }
}
