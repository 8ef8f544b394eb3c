package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * A mint log as the ledger recorded it, found by its block ({@link Ledger#logsInBlocks}) to be checked against the
 * canonical chain.
 *
 * @param blockHash "" when the provider did not send it
 * @param outcome   ACCEPTED, or REORGED once it was found orphaned (and REJECTED logs are not indexed)
 */
public record RecordedLog(LogKey log, String tokenId, String cid, long blockNumber, String blockHash, String outcome) {

    public RecordedLog {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(blockHash, "blockHash");
        Objects.requireNonNull(outcome, "outcome");
    }

    public boolean live() {
        return outcome.equals("ACCEPTED");
    }
}
