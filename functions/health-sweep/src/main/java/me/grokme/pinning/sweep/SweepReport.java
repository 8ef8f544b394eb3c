package me.grokme.pinning.sweep;

import java.time.Duration;
import java.util.Map;

/** What one sweep did. */
public sealed interface SweepReport {

    /** Another sweep holds the lease. */
    record Skipped(String reason) implements SweepReport {
    }

    /**
     * @param complete     false when the status stream was cut: nothing was concluded about unseen CIDs
     * @param states       CIDs per health state
     * @param healthWrites per-CID records written (only changed ones)
     * @param repairs      cluster actions taken: recover, repin, submit
     * @param vanished     CIDs the previous complete pass saw that this complete pass did not
     */
    record Completed(boolean complete, long cidsChecked, Map<HealthState, Long> states, long healthWrites, int stateItemWrites,
            Map<String, Integer> repairs, int peersDown, long vanished, Duration duration, boolean outOfTime) implements SweepReport {
        public Completed {
            states = Map.copyOf(states);
            repairs = Map.copyOf(repairs);
        }
    }
}
