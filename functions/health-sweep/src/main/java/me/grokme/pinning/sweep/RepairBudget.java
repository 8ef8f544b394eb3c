package me.grokme.pinning.sweep;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Cluster actions left to one sweep within its deadline, and the ones taken. */
final class RepairBudget {

    private final Map<RepairKind, Integer> done = new EnumMap<>(RepairKind.class);
    private final Clock clock;
    private final Instant deadline;
    private int left;
    private boolean outOfTime;

    RepairBudget(int actions, Instant deadline, Clock clock) {
        this.left = actions;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Whether one more action may start: some are left and the deadline has not passed. */
    boolean allows() {
        if (left <= 0) {
            return false;
        }
        if (!clock.instant().isBefore(deadline)) {
            outOfTime = true;
            return false;
        }
        return true;
    }

    int left() {
        return Math.max(0, left);
    }

    void spend() {
        left--;
    }

    void count(RepairKind kind) {
        done.merge(kind, 1, Integer::sum);
    }

    Map<RepairKind, Integer> done() {
        return Map.copyOf(done);
    }

    boolean outOfTime() {
        return outOfTime;
    }
}
