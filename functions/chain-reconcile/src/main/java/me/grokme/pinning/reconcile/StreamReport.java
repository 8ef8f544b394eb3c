package me.grokme.pinning.reconcile;

import java.util.Map;
import java.util.Optional;

/**
 * What one run did on one contract's log stream.
 *
 * @param checkpoint  the last block fully read after the run
 * @param target      latest − confirmations when the run started
 * @param outcomes    log outcomes (accepted, pinned, duplicate, rejected, ignored_*, reorged)
 * @param ranges      eth_getLogs ranges read successfully; {@code refusals}: ranges the node refused as too large
 * @param error       why the run stopped early on this stream (the checkpoint stays where it got to)
 */
public record StreamReport(String stream, long fromBlock, long checkpoint, long target, int logs, Map<String, Long> outcomes,
        int ranges, int refusals, boolean deepReorg, Optional<String> error) {

    public StreamReport {
        outcomes = Map.copyOf(outcomes);
    }

    /** Blocks between the checkpoint and the confirmed head still to read. */
    public long lag() {
        return Math.max(0, target - checkpoint);
    }
}
