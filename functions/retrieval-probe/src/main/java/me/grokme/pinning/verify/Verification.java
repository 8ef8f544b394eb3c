package me.grokme.pinning.verify;

/** The outcome of one probe of one CID on one gateway. */
public sealed interface Verification {

    /** Every byte fetched hashed to its CID: {@code blocks} blocks, {@code bytes} bytes; {@code dag} when the whole DAG was walked. */
    record Verified(int blocks, long bytes, boolean dag) implements Verification {
    }

    /** Proof failed. */
    record Failed(VerifyFailure reason, String detail) implements Verification {
    }

    /** Nothing proven either way: a hash function or codec this probe does not read, or the size cap. Never repaired. */
    record Inconclusive(String reason) implements Verification {
    }
}
