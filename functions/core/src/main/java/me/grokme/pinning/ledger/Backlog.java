package me.grokme.pinning.ledger;

/**
 * Pin requests that are not safe yet, by queue ({@link Ledger#backlog}).
 *
 * @param pending   PENDING and due: waiting for their first attempt, or their next one is due (a backlog)
 * @param deferred  PENDING with their next attempt scheduled later: the cluster did not take them (or a caller is
 *                  sending them right now)
 * @param submitted SUBMITTED: the cluster took them, full replication not confirmed yet
 * @param failed    FAILED: the dead letter — given up (refused by the cluster too often), waiting for an operator
 */
public record Backlog(long pending, long deferred, long submitted, long failed) {

    /** Every request not yet confirmed at full replication, the dead-lettered ones included. */
    public long notYetSafe() {
        return pending + deferred + submitted + failed;
    }
}
