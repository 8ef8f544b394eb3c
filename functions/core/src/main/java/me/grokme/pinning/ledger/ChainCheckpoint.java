package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * How far the chain reconciliation has read one log stream: every block up to and including {@code block}
 * has been read and recorded. {@code blockHash} is that block's hash when it was read, so the next run can
 * tell whether a reorganisation deeper than the confirmation depth replaced it ("" when unknown).
 */
public record ChainCheckpoint(long block, String blockHash, Instant updatedAt) {

    public ChainCheckpoint {
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (block < 0) {
            throw new IllegalArgumentException("checkpoint block must not be negative: " + block);
        }
    }
}
