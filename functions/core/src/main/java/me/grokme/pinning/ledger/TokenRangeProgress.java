package me.grokme.pinning.ledger;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One page of a {@link TokenRangeJob} handled: the checkpoint moves from {@code expectedNext} to {@code next}, adding
 * the page's counts. {@code lastReason} is "" when the page skipped nothing.
 */
public record TokenRangeProgress(BigInteger expectedNext, BigInteger next, long done, long skipped, String lastReason) {

    public TokenRangeProgress {
        Objects.requireNonNull(expectedNext, "expectedNext");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(lastReason, "lastReason");
        if (next.compareTo(expectedNext) <= 0 || done < 0 || skipped < 0) {
            throw new IllegalArgumentException("progress moves the checkpoint forward with non-negative counts");
        }
    }
}
