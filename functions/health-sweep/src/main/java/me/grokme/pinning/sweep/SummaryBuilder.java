package me.grokme.pinning.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import me.grokme.pinning.dashboard.ComponentStatus;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.ledger.Backlog;

/**
 * The {@link Dashboard} of one sweep: totals, replication, nodes and regions with their roll-ups, the recent rows.
 * Pure: the recent rows come in as arguments.
 *
 * <p>Roll-ups: a node is {@code operational} (up), {@code degraded_performance} (no free space) or
 * {@code major_outage} (its ping expired); a region is the worst of its nodes, but {@code partial_outage} while any
 * node in it is up.
 */
final class SummaryBuilder {

    private final SweepConfig config;

    SummaryBuilder(SweepConfig config) {
        this.config = config;
    }

    /** The recent pin operations and failure events shown with the summary, as stored. */
    record Recent(List<Map<String, String>> operations, List<Map<String, String>> events) {
    }

    /** @param failures what pins nothing, by kind (the ledger's counters), when they could be read */
    Dashboard build(SweepReport.Completed r, Instant started, Instant generatedAt, StatusFindings pass, Optional<Map<String, Long>> failures,
            Map<String, PeerView> peers, Recent recent) {
        List<Dashboard.Node> nodes = peers.values().stream().map(SummaryBuilder::node).toList();
        // Part of the histogram: still replicating within the grace period, so not (yet) missing replicas.
        Dashboard.InProgress inProgress = new Dashboard.InProgress(config.inProgressGrace().toSeconds(), buckets(pass.inProgressHistogram));
        Dashboard.LastSweep last = new Dashboard.LastSweep(started, r.duration().toMillis(), r.complete(), r.cidsChecked(),
                r.failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        return new Dashboard(generatedAt, new Dashboard.Freshness(last, config.interval().toSeconds()), pins(r, pass.pinnedHistogram, inProgress),
                nodes, regions(nodes), recent.operations().stream().map(SummaryBuilder::operation).toList(),
                recent.events().stream().map(SummaryBuilder::event).toList(), new TreeMap<>(failures.orElse(Map.of())), inProgress,
                capsules(pass), Dashboard.Reorgs.fromCounters(failures.orElse(Map.of())));
    }

    /** A pin's metadata is anyone's: at most this many capsules are listed (the first by name). */
    static final int MAX_CAPSULES = 64;

    /** Each capsule's CIDs by state, by name. */
    private static List<Dashboard.CapsuleTotals> capsules(StatusFindings pass) {
        List<Dashboard.CapsuleTotals> out = new ArrayList<>();
        pass.statesByCapsule.entrySet().stream().limit(MAX_CAPSULES).forEach(e -> capsule(out, e.getKey(), e.getValue()));
        return out;
    }

    private static void capsule(List<Dashboard.CapsuleTotals> out, String name, Map<HealthState, Long> states) {
        out.add(new Dashboard.CapsuleTotals(name,
                states.values().stream().mapToLong(Long::longValue).sum(), states.getOrDefault(HealthState.HEALTHY, 0L),
                states.getOrDefault(HealthState.UNDER_REPLICATED, 0L), states.getOrDefault(HealthState.REGION_POOR, 0L),
                states.getOrDefault(HealthState.PINNING, 0L), states.getOrDefault(HealthState.ERRORED, 0L),
                states.getOrDefault(HealthState.UNKNOWN_TO_CLUSTER, 0L)));
    }

    private static List<Dashboard.Bucket> buckets(long[] histogram) {
        List<Dashboard.Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < histogram.length; i++) {
            buckets.add(new Dashboard.Bucket(i, i == histogram.length - 1, histogram[i]));
        }
        return buckets;
    }

    private Dashboard.Pins pins(SweepReport.Completed r, long[] histogram, Dashboard.InProgress inProgress) {
        List<Dashboard.Bucket> buckets = buckets(histogram);
        long total = 0;
        long sum = 0;
        for (int i = 0; i < histogram.length; i++) {
            total += histogram[i];
            sum += (long) i * histogram[i];
        }
        // Ledger requests not safe yet: recorded, but not (yet) confirmed at full replication in the cluster.
        Backlog b = r.backlog().orElse(new Backlog(0, 0, 0, 0));
        return new Dashboard.Pins(r.cidsChecked(), new Dashboard.Target(config.defaultReplicationMin(), config.defaultReplicationMax(),
                config.minRegions()), total == 0 ? 0 : Math.round(sum * 100.0 / total) / 100.0, buckets, state(r, HealthState.HEALTHY),
                state(r, HealthState.UNDER_REPLICATED), state(r, HealthState.REGION_POOR), state(r, HealthState.PINNING),
                state(r, HealthState.ERRORED), state(r, HealthState.UNKNOWN_TO_CLUSTER), b.pending(), b.deferred(), b.submitted(), b.failed(), b.notYetSafe(),
                Math.max(0, state(r, HealthState.PINNING) - inProgress.total()), inProgress.graceSeconds());
    }

    private static long state(SweepReport.Completed r, HealthState s) {
        return r.states().getOrDefault(s, 0L);
    }

    private static Dashboard.Node node(PeerView p) {
        ComponentStatus status = switch (p.status()) {
            case UP -> ComponentStatus.OPERATIONAL;
            case DEGRADED -> ComponentStatus.DEGRADED_PERFORMANCE;
            case DOWN -> ComponentStatus.MAJOR_OUTAGE;
        };
        return new Dashboard.Node("peer-" + p.name(), p.name(), p.region(), status, p.lastSeen(), p.pins(), new Dashboard.Storage(p.freeBytes()));
    }

    /** In the order their first node appears. */
    private static List<Dashboard.Region> regions(List<Dashboard.Node> nodes) {
        Map<String, List<Dashboard.Node>> byRegion = new LinkedHashMap<>();
        nodes.forEach(n -> byRegion.computeIfAbsent(n.region(), k -> new ArrayList<>()).add(n));
        List<Dashboard.Region> out = new ArrayList<>();
        byRegion.forEach((region, in) -> {
            long up = in.stream().filter(n -> n.status() == ComponentStatus.OPERATIONAL).count();
            boolean anyDown = in.stream().anyMatch(n -> n.status() == ComponentStatus.MAJOR_OUTAGE);
            ComponentStatus status = up == 0 && in.stream().allMatch(n -> n.status() == ComponentStatus.MAJOR_OUTAGE) ? ComponentStatus.MAJOR_OUTAGE
                    : anyDown ? ComponentStatus.PARTIAL_OUTAGE
                    : in.stream().anyMatch(n -> n.status() == ComponentStatus.DEGRADED_PERFORMANCE) ? ComponentStatus.DEGRADED_PERFORMANCE
                    : ComponentStatus.OPERATIONAL;
            out.add(new Dashboard.Region("region-" + region, region.toUpperCase(), status, in.size(), up,
                    in.stream().mapToLong(Dashboard.Node::pins).sum(), new Dashboard.Storage(in.stream().mapToLong(n -> n.storage().freeBytes()).sum())));
        });
        return out;
    }

    private static Dashboard.Operation operation(Map<String, String> row) {
        return new Dashboard.Operation(row.getOrDefault("at", ""), row.getOrDefault("kind", ""), row.getOrDefault("cid", ""),
                row.getOrDefault("result", ""));
    }

    private static Dashboard.FailureEvent event(Map<String, String> row) {
        return new Dashboard.FailureEvent(row.getOrDefault("at", ""), row.getOrDefault("kind", ""), row.getOrDefault("subject", ""),
                row.getOrDefault("detail", ""));
    }
}
