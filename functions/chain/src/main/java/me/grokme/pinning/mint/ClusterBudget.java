package me.grokme.pinning.mint;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * How long a caller may spend waiting for the cluster, measured on a monotonic clock (not the wall clock, which
 * tests and replays pin). The webhook's answer must reach the indexer in time; the reconciliation has no such limit.
 */
public final class ClusterBudget {

    private final LongSupplier nanoTime;
    private final long deadline;
    private final boolean unlimited;

    private ClusterBudget(LongSupplier nanoTime, long deadline, boolean unlimited) {
        this.nanoTime = nanoTime;
        this.deadline = deadline;
        this.unlimited = unlimited;
    }

    /** No limit: every pending request is sent (the chain reconciliation). */
    public static ClusterBudget unlimited() {
        return new ClusterBudget(System::nanoTime, 0, true);
    }

    /** {@code budget} from now on {@code nanoTime}; a zero or negative budget allows no call. */
    public static ClusterBudget of(Duration budget, LongSupplier nanoTime) {
        return new ClusterBudget(nanoTime, nanoTime.getAsLong() + Math.max(0, budget.toNanos()), false);
    }

    /** Whether a call expected to take {@code expected} still ends within the budget (the first call: any time left). */
    public boolean fits(Duration expected) {
        if (unlimited) {
            return true;
        }
        long left = deadline - nanoTime.getAsLong();
        return left > 0 && left >= expected.toNanos();
    }

    /** Now on the budget's clock, in nanoseconds, to time a call. */
    long nanoTime() {
        return nanoTime.getAsLong();
    }
}
