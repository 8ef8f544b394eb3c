package me.grokme.pinning.status;

/** What a status read produced, before HTTP concerns. */
public sealed interface StatusResult {

    /** A JSON document. */
    record Document(byte[] json) implements StatusResult {
    }

    /** An error in the Pinning Service API shape: {@code {"error": {"reason", "details"}}}. */
    record Error(int status, String reason, String details) implements StatusResult {
    }
}
