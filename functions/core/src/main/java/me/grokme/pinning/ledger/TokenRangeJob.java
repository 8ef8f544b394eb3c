package me.grokme.pinning.ledger;

import java.math.BigInteger;
import java.util.Objects;

/**
 * One log that names a range of tokens — an ERC-4906 metadata update or an ERC-2309 consecutive mint — recorded
 * durably when it is seen and worked through a page of tokens at a time, {@code next} being the checkpoint: every
 * token before it has been handled, so a range of thousands survives timeouts and restarts without starting over.
 *
 * @param contract  the contract that emitted the log (its {@code tokenURI} is read for each token)
 * @param capsule   the capsule of that contract, whose tokens these are ("" on jobs recorded before capsules: the
 *                  worker finds it from the log's chain and contract)
 * @param next      the first token not handled yet; past {@code last} once the job is DONE
 * @param done      tokens recorded so far (their CIDs pinned through the mint intake)
 * @param skipped   tokens whose {@code tokenURI} reverted or named nothing to pin, with the last reason in {@code lastReason}
 */
public record TokenRangeJob(LogKey log, Kind kind, String contract, String capsule, BigInteger first, BigInteger last, BigInteger next, long blockNumber,
        String blockHash, String provider, State state, long done, long skipped, String lastReason) {

    /** What the log said of its tokens. */
    public enum Kind {
        /** ERC-4906: their tokenURI changed; the new URIs are pinned beside the old ones. */
        METADATA_UPDATE,
        /** ERC-2309 from the zero address: they were minted. */
        CONSECUTIVE_MINT
    }

    public enum State {
        PENDING,
        DONE,
        /** The log was removed by a reorganisation: no further pages (tokens already handled stay recorded). */
        REORGED
    }

    public TokenRangeJob {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(capsule, "capsule");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(last, "last");
        Objects.requireNonNull(next, "next");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastReason, "lastReason");
        if (!log.token().isEmpty()) {
            throw new IllegalArgumentException("a range job is keyed by its whole log, not one token: " + log);
        }
        if (first.signum() < 0 || last.compareTo(first) < 0 || next.compareTo(first) < 0) {
            throw new IllegalArgumentException("a token range is 0 <= first <= last and first <= next");
        }
    }

    /** A job as first recorded: nothing handled yet. */
    public static TokenRangeJob start(LogKey log, Kind kind, String contract, String capsule, BigInteger first, BigInteger last,
            long blockNumber, String blockHash, String provider) {
        return new TokenRangeJob(log, kind, contract, capsule, first, last, first, blockNumber, blockHash, provider, State.PENDING, 0, 0, "");
    }

    /** How many tokens the range holds. */
    public BigInteger size() {
        return last.subtract(first).add(BigInteger.ONE);
    }
}
