package me.grokme.pinning.dashboard;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The dashboard as the health sweep computes it: every part of the public status document ({@code GET /status},
 * schema {@code /schema/status-v1.json}) that is known when the sweep ends, under the public names (snake_case of
 * the component names). The status function reads it in one GetItem and adds only what depends on the moment of
 * reading: the page's own name and URL, {@code freshness.stale}, the indicator (stale data raises it) and the
 * Statuspage components. Encoded by {@link DashboardCodec}.
 */
public record Dashboard(Instant generatedAt, Freshness freshness, Pins pins, List<Node> nodes, List<Region> regions,
        List<Operation> recentOperations, List<FailureEvent> failureEvents, Map<String, Long> failures, InProgress inProgress,
        List<CapsuleTotals> capsules, Reorgs reorgs) {

    /** A dashboard without the reorganisation counters (items written before them read so too). */
    public Dashboard(Instant generatedAt, Freshness freshness, Pins pins, List<Node> nodes, List<Region> regions,
            List<Operation> recentOperations, List<FailureEvent> failureEvents, Map<String, Long> failures, InProgress inProgress,
            List<CapsuleTotals> capsules) {
        this(generatedAt, freshness, pins, nodes, regions, recentOperations, failureEvents, failures, inProgress, capsules, Reorgs.NONE);
    }

    public Dashboard {
        Objects.requireNonNull(generatedAt, "generatedAt");
        Objects.requireNonNull(freshness, "freshness");
        Objects.requireNonNull(pins, "pins");
        nodes = List.copyOf(nodes);
        regions = List.copyOf(regions);
        recentOperations = List.copyOf(recentOperations);
        failureEvents = List.copyOf(failureEvents);
        // Absent from items written before these sections: no failures counted, nothing known to be in progress.
        failures = failures == null ? Map.of() : Map.copyOf(failures);
        inProgress = inProgress == null ? InProgress.NONE : inProgress;
        capsules = capsules == null ? List.of() : List.copyOf(capsules);
        reorgs = reorgs == null ? Reorgs.NONE : reorgs;
    }

    /** A dashboard without per-capsule totals (as before capsules). */
    public Dashboard(Instant generatedAt, Freshness freshness, Pins pins, List<Node> nodes, List<Region> regions,
            List<Operation> recentOperations, List<FailureEvent> failureEvents, Map<String, Long> failures, InProgress inProgress) {
        this(generatedAt, freshness, pins, nodes, regions, recentOperations, failureEvents, failures, inProgress, List.of(), Reorgs.NONE);
    }

    /**
     * One capsule's part of {@link Pins}' state counts, by the pins the cluster holds for it (their {@code meta-capsule}:
     * content shared by two capsules counts under the capsule whose token named its pin, so the capsules' totals add up
     * to the global ones, less pins of no capsule).
     */
    public record CapsuleTotals(String name, long totalCids, long fullyReplicated, long underReplicated, long regionPoor, long inProgress,
            long errored, long unknownToCluster) {

        public CapsuleTotals {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * Mints no longer on the canonical chain and what became of their content.
     *
     * @param orphanedMints     mints found orphaned so far, for either reason (the sum of the next two)
     * @param deepReorg         found by the chain reconciliation: their block was replaced deeper than the confirmation depth
     * @param removedByProvider reported by an indexer with {@code removed: true}
     * @param awaitingRelease   CIDs nothing live uses any more, still pinned until the release grace has passed
     * @param released          CIDs unpinned from the cluster because only orphaned mints used them
     */
    public record Reorgs(long orphanedMints, long deepReorg, long removedByProvider, long awaitingRelease, long released) {
        public static final Reorgs NONE = new Reorgs(0, 0, 0, 0, 0);

        /** From the ledger's counters ({@code Ledger#failureCounts}); absent keys count 0. */
        public static Reorgs fromCounters(Map<String, Long> counters) {
            long deep = counters.getOrDefault("orphaned_mints_deep_reorg", 0L);
            long removed = counters.getOrDefault("orphaned_mints_removed_by_provider", 0L);
            return new Reorgs(deep + removed, deep, removed, counters.getOrDefault("orphans_awaiting_release", 0L),
                    counters.getOrDefault("orphans_released", 0L));
        }
    }

    /**
     * Part of the replication histogram: CIDs still queued or pinning on their allocated peers within the grace period
     * ({@code IN_PROGRESS_GRACE}), by replicas pinned so far. Kept with the dashboard for the indicator (such a CID is in
     * progress, not missing replicas); the public document shows only {@code pins.in_progress_overdue} and the grace.
     */
    public record InProgress(long graceSeconds, List<Bucket> withinGrace) {
        public static final InProgress NONE = new InProgress(0, List.of());

        public InProgress {
            withinGrace = List.copyOf(withinGrace);
        }

        /** Within the grace period with exactly {@code replicas} copies. */
        public long withReplicas(int replicas) {
            return withinGrace.stream().filter(b -> b.replicas() == replicas && !b.orMore()).mapToLong(Bucket::cids).sum();
        }

        public long total() {
            return withinGrace.stream().mapToLong(Bucket::cids).sum();
        }
    }

    /** The sweep's own timing; the status function adds {@code stale_after_seconds} and {@code stale}. */
    public record Freshness(LastSweep lastSweep, long sweepIntervalSeconds) {
    }

    /** @param failedSteps steps of the sweep that threw (the others still ran); empty when it ran through */
    public record LastSweep(Instant startedAt, long durationMs, boolean complete, long cidsChecked, List<String> failedSteps) {
        public LastSweep {
            failedSteps = List.copyOf(failedSteps);
        }
    }

    /**
     * @param failed     dead-lettered requests: the cluster refused them too often, waiting for an operator
     * @param notYetSafe recorded mints not (yet) confirmed at full replication: pending + deferred + submitted + failed
     * @param inProgressOverdue of {@code inProgress}, those still queued or pinning past the grace period: below target
     * @param inProgressGraceSeconds the grace period ({@code IN_PROGRESS_GRACE})
     */
    public record Pins(long totalCids, Target replicationTarget, double averageReplication, List<Bucket> replicationHistogram,
            long fullyReplicated, long underReplicated, long regionPoor, long inProgress, long errored, long unknownToCluster, long pending,
            long deferred, long submitted, long failed, long notYetSafe, long inProgressOverdue, long inProgressGraceSeconds) {
        public Pins {
            replicationHistogram = List.copyOf(replicationHistogram);
        }

        /** CIDs in the histogram's bucket of exactly {@code replicas} copies (0 when there is none). */
        public long withReplicas(int replicas) {
            return replicationHistogram.stream().filter(b -> b.replicas() == replicas && !b.orMore()).mapToLong(Bucket::cids).sum();
        }

        /** CIDs below target in any way: under-replicated, region-poor, errored, unknown to the cluster or overdue in progress. */
        public long belowTarget() {
            return underReplicated + regionPoor + errored + unknownToCluster + inProgressOverdue;
        }
    }

    public record Target(int min, int max, int minRegions) {
    }

    /** CIDs with {@code replicas} pinned copies ({@code orMore}: that many or more). */
    public record Bucket(int replicas, boolean orMore, long cids) {
    }

    /** A storage peer, by name only: no id, no address. */
    public record Node(String id, String name, String region, ComponentStatus status, Instant lastSeen, long pins, Storage storage) {
    }

    public record Storage(long freeBytes) {
    }

    public record Region(String id, String name, ComponentStatus status, long nodesTotal, long nodesUp, long replicas, Storage storage) {
    }

    /** A pin operation of the last two days: {@code op} is its kind (submit, repin…), never error text. */
    public record Operation(String at, String op, String cid, String result) {
    }

    /** A failure event (peer down, CID under-replicated…) of the last 30 days, with the public detail only. */
    public record FailureEvent(String at, String kind, String subject, String detail) {
    }
}
