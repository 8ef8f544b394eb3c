package me.grokme.pinning.reconcile;

/**
 * How the chain is read.
 *
 * @param startBlock     first block of a stream that has no checkpoint yet (the contract's deployment block)
 * @param confirmations  only blocks at least this deep are read, so the checkpoint never covers a block a
 *                       reorganisation can still replace
 * @param maxRange       the widest eth_getLogs range asked for; narrowed when the node refuses, widened again after successes
 * @param reorgRewind    how far back to re-read when the checkpoint's block hash changed (a reorg deeper than confirmations)
 * @param parallelism    logs of one range recorded at once (each is a few store and cluster round trips)
 * @param rangePage      tokens of a range log (ERC-4906 batch update, ERC-2309 consecutive mint) handled between two
 *                       checkpoints of its job
 */
public record ReconcileSettings(long chainId, long startBlock, int confirmations, int maxRange, int reorgRewind, int parallelism,
        int rangePage) {

    /** The default page of a token range. */
    public static final int DEFAULT_RANGE_PAGE = 500;

    public ReconcileSettings {
        if (startBlock < 0 || confirmations < 0 || maxRange < 1 || reorgRewind < 1 || parallelism < 1 || rangePage < 1) {
            throw new IllegalArgumentException("start block and confirmations must be >= 0, range, rewind, parallelism and page >= 1");
        }
    }

    public ReconcileSettings(long chainId, long startBlock, int confirmations, int maxRange, int reorgRewind, int parallelism) {
        this(chainId, startBlock, confirmations, maxRange, reorgRewind, parallelism, DEFAULT_RANGE_PAGE);
    }
}
