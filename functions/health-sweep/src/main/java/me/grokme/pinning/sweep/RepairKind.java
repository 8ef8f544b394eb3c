package me.grokme.pinning.sweep;

/** A cluster action the sweep took (or tried), as counted in its report and published in the summary. */
public enum RepairKind {
    /** A PENDING ledger request sent to the cluster. */
    SUBMIT,
    /** A PENDING ledger request the cluster did not take: it stays PENDING with a later attempt. */
    SUBMIT_FAILED,
    /** A SUBMITTED request absent from a complete pass, sent again. */
    RESUBMIT,
    /** {@code POST /pins/{cid}/recover} for an ERRORED CID. */
    RECOVER,
    /** A re-pin of an UNDER_REPLICATED CID, so the cluster allocates it again on live peers. */
    REPIN,
    /** A re-pin of a REGION_POOR CID naming a live peer in each missing region. */
    REBALANCE,
    /** A recover, re-pin, rebalance or resubmission the cluster refused. */
    FAILED;

    /** The name in the summary and the logs. */
    public String wire() {
        return name().toLowerCase();
    }
}
