package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.Objects;

/** Token ids {@code [first, last]}, both included, as a range event names them (uint256). */
public record TokenRange(BigInteger first, BigInteger last) {

    public TokenRange {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        if (first.signum() < 0 || last.compareTo(first) < 0) {
            throw new IllegalArgumentException("a token range is 0 <= first <= last, got [" + first + ", " + last + "]");
        }
    }

    /** How many tokens: last − first + 1. */
    public BigInteger size() {
        return last.subtract(first).add(BigInteger.ONE);
    }
}
