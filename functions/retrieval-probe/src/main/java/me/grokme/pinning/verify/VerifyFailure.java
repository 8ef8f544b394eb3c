package me.grokme.pinning.verify;

/** Why a region could not prove it holds a CID. */
public enum VerifyFailure {
    /** The gateway answered 412 to {@code only-if-cached}: the root block is not in that node's blockstore. */
    NOT_LOCAL(true),
    /** A block's bytes do not hash to its CID: corrupted storage or a lying gateway. */
    HASH_MISMATCH(true),
    /** The CAR ended without a block the DAG links to. */
    MISSING_BLOCK(true),
    /** The answer is not what the trustless gateway spec says (bad CAR, wrong root, bad dag-pb). */
    MALFORMED(true),
    /** Any other HTTP status (404, 5xx…). */
    HTTP_STATUS(true),
    /** No answer in time, connection refused: the gateway (or its host) is down; the sweep's peer checks own that. */
    UNREACHABLE(false);

    private final boolean repairable;

    VerifyFailure(boolean repairable) {
        this.repairable = repairable;
    }

    /** Whether a recover on that region's peer may fix it (a down gateway is not fixed by re-pinning). */
    public boolean repairable() {
        return repairable;
    }
}
