package me.grokme.pinning.sweep;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.ledger.Backlog;

/** What one sweep did. */
public sealed interface SweepReport {

    /** Another sweep holds the lease. */
    record Skipped(String reason) implements SweepReport {
    }

    /**
     * A step of the sweep that threw; the steps after it still ran.
     *
     * @param step         e.g. {@code observe_peers}, {@code status_pass}, {@code submit_pending}, {@code summary}
     * @param reason       the exception and its cause, for logs and operators
     * @param publicReason the kind of failure only, safe for the public failure events
     */
    record StepFailure(String step, String reason, String publicReason) {
    }

    /**
     * @param complete     false when the status stream was cut or the status pass failed: nothing was concluded
     *                     about unseen CIDs
     * @param states       CIDs per health state
     * @param healthWrites per-CID records written (only changed ones)
     * @param repairs      cluster actions taken, by kind
     * @param vanished     CIDs the previous complete pass saw that this complete pass did not
     * @param backlog      ledger requests not safe yet (pending, deferred, submitted), as counted after this sweep's
     *                     submissions and confirmations; empty when they could not be counted
     * @param failedSteps  steps that threw, in order; empty when every step ran through
     */
    record Completed(boolean complete, long cidsChecked, Map<HealthState, Long> states, long healthWrites, int stateItemWrites,
            Map<RepairKind, Integer> repairs, int peersDown, long vanished, Duration duration, boolean outOfTime, Optional<Backlog> backlog,
            List<StepFailure> failedSteps) implements SweepReport {
        public Completed {
            states = Map.copyOf(states);
            repairs = Map.copyOf(repairs);
            failedSteps = List.copyOf(failedSteps);
        }

        /** Every cluster action taken, whatever its kind. */
        public int repairCount() {
            return repairs.values().stream().mapToInt(Integer::intValue).sum();
        }

        Completed withFailedSteps(List<StepFailure> failures) {
            return new Completed(complete, cidsChecked, states, healthWrites, stateItemWrites, repairs, peersDown, vanished, duration, outOfTime,
                    backlog, failures);
        }
    }
}
