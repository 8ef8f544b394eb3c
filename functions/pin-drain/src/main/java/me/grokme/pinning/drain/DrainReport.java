package me.grokme.pinning.drain;

import java.time.Duration;
import java.util.Map;

/** What one pin drain did. */
public sealed interface DrainReport {

    /** The reachability check failed: nothing was claimed or attempted, every pending pin is as it was. */
    record ClusterDown(String reason) implements DrainReport {
    }

    /**
     * The cluster answered and the pending queue was drained until it was empty, the time budget was spent, or the
     * cluster stopped answering half-way ({@code clusterLost}: the pins not yet started wait for the next run).
     *
     * @param outcomes pins by what became of them: submitted, already_with_cluster, not_claimed, deferred, refused,
     *                 dead_lettered, orphaned; then the release of content only orphaned mints used: release_released,
     *                 release_kept (a live document still uses it), release_stale, release_raced, release_unpin_failed, release_revived
     */
    record Drained(Map<String, Integer> outcomes, boolean outOfTime, boolean clusterLost, Duration duration) implements DrainReport {

        public Drained {
            outcomes = Map.copyOf(outcomes);
        }

        public int count(String outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }
    }
}
