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
 */
public record ReconcileSettings(long chainId, long startBlock, int confirmations, int maxRange, int reorgRewind, int parallelism) {

    public ReconcileSettings {
        if (startBlock < 0 || confirmations < 0 || maxRange < 1 || reorgRewind < 1 || parallelism < 1) {
            throw new IllegalArgumentException("start block and confirmations must be >= 0, range, rewind and parallelism >= 1");
        }
    }
}
