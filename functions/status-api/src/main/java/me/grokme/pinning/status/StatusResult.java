package me.grokme.pinning.status;

/** What a status read produced, before HTTP concerns. */
public sealed interface StatusResult {

    /** A JSON document, with headers of its own (a deprecated version's {@code Deprecation}, {@code Sunset}, {@code Link}). */
    record Document(byte[] json, java.util.Map<String, String> headers) implements StatusResult {
        public Document {
            headers = java.util.Map.copyOf(headers);
        }

        public Document(byte[] json) {
            this(json, java.util.Map.of());
        }
    }

    /** An error in the Pinning Service API shape: {@code {"error": {"reason", "details"}}}. */
    record Error(int status, String reason, String details) implements StatusResult {
    }
}
