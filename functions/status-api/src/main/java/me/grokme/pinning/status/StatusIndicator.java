package me.grokme.pinning.status;

import me.grokme.pinning.dashboard.ComponentStatus;
import me.grokme.pinning.dashboard.Dashboard;

/**
 * The page's indicator and its one-line description. {@code critical} when a CID has no replica or every node is
 * down; {@code major} when a region is down, a CID has a single replica, or a third of the nodes are down (a CID
 * queued or pinning within the sweep's grace period counts for neither: it is in progress);
 * {@code minor} when any CID is below target, any node is not operational, a step of the last sweep failed, a
 * recorded pin waits for the cluster to take it or was given up on (dead-lettered), or the data is stale; {@code none} otherwise — and "All content
 * fully replicated" only when no recorded pin is still pending, deferred, submitted or pinning.
 */
final class StatusIndicator {

    private StatusIndicator() {
    }

    record Verdict(String indicator, String description) {
    }

    static Verdict judge(Dashboard d, boolean stale) {
        Dashboard.Pins pins = d.pins();
        // A CID still queued or pinning on its allocated peers within the grace period is in progress, not missing
        // replicas: a fresh mint never turns the page critical or major. Past the grace period it counts as it stands.
        long zero = Math.max(0, pins.withReplicas(0) - d.inProgress().withReplicas(0));
        long one = Math.max(0, pins.withReplicas(1) - d.inProgress().withReplicas(1));
        int nodes = d.nodes().size();
        long down = d.nodes().stream().filter(n -> n.status() == ComponentStatus.MAJOR_OUTAGE).count();
        long notOperational = d.nodes().stream().filter(n -> n.status() != ComponentStatus.OPERATIONAL).count();
        boolean regionDown = d.regions().stream().anyMatch(r -> r.status() == ComponentStatus.MAJOR_OUTAGE);
        boolean failedSteps = !d.freshness().lastSweep().failedSteps().isEmpty();
        long waiting = pins.pending() + pins.deferred();
        if (zero > 0 || (nodes > 0 && down == nodes)) {
            return new Verdict("critical", zero > 0 ? zero + " CID(s) without any replica" : "Every storage node is down");
        }
        if (regionDown || one > 0 || (nodes > 0 && down * 3 >= nodes)) {
            return new Verdict("major", regionDown ? "A whole region is down" : one > 0 ? one + " CID(s) with a single replica"
                    : down + " of " + nodes + " nodes down");
        }
        if (pins.belowTarget() > 0 || notOperational > 0 || stale || failedSteps || waiting > 0 || pins.failed() > 0) {
            return new Verdict("minor", stale ? "Status data is stale"
                    : failedSteps ? "The last health sweep could not finish every step"
                    : pins.belowTarget() > 0 ? pins.belowTarget() + " CID(s) below target"
                    : waiting > 0 ? waiting + " pin(s) waiting for the cluster to take them"
                    : pins.failed() > 0 ? pins.failed() + " pin(s) the cluster refused, waiting for an operator" : notOperational + " node(s) degraded");
        }
        // Only then is everything safe: nothing waiting in the ledger, nothing still replicating in the cluster.
        long replicating = pins.submitted() + d.inProgress().total();
        return new Verdict("none", replicating > 0 ? replicating + " new pin(s) still replicating; everything else fully replicated"
                : "All content fully replicated");
    }
}
