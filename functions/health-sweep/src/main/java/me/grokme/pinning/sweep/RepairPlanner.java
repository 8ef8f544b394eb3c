package me.grokme.pinning.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import me.grokme.pinning.cluster.TrackerStatus;

/**
 * Chooses the repairs of one sweep: which degraded CIDs, in which order (worst first), how each is repaired, and
 * when each may be repaired again. Pure — the only thing it reads is each candidate's repair history, through the
 * function it is given — so every choice is unit-testable without a cluster or a table.
 */
final class RepairPlanner {

    /** How a CID is repaired. */
    sealed interface Action {
        RepairKind kind();

        /** {@code POST /pins/{cid}/recover}: the peers retry their errored pin. */
        record Recover() implements Action {
            public RepairKind kind() {
                return RepairKind.RECOVER;
            }
        }

        /** Pin again with these factors: allocation runs again on live peers. */
        record Repin(int min, int max) implements Action {
            public RepairKind kind() {
                return RepairKind.REPIN;
            }
        }

        /** Pin again naming {@code peers} (one live peer in each missing region) with the minimum raised to include them. */
        record Rebalance(int min, int max, List<String> peers) implements Action {
            public Rebalance {
                peers = List.copyOf(peers);
            }

            public RepairKind kind() {
                return RepairKind.REBALANCE;
            }
        }
    }

    /** One repair: the CID as the pass saw it, what to do, and its bookkeeping once done. */
    record Planned(CidHealth target, Action action, RepairState next) {
    }

    /** A CID's repair history (attempts, earliest next repair); {@link RepairState#NEVER_REPAIRED} when it has none. */
    @FunctionalInterface
    interface History {
        RepairState of(String cid);
    }

    private final int minRegions;
    private final Backoff backoff;

    RepairPlanner(int minRegions, Backoff backoff) {
        this.minRegions = minRegions;
        this.backoff = backoff;
    }

    /**
     * @param worstFirst the candidates in the order they are to be repaired
     * @param budget     at most this many repairs
     */
    List<Planned> plan(List<CidHealth> worstFirst, PeerObservation peers, int budget, History history, Instant now) {
        List<Planned> plan = new ArrayList<>();
        for (CidHealth c : worstFirst) {
            if (plan.size() >= budget) {
                break;
            }
            if (c.state() == HealthState.UNDER_REPLICATED && c.pinned() >= peers.live().size()) {
                // Already on every live peer: a re-pin cannot add a copy until peers return, and must not use up the
                // back-off that would delay the repair then (a degraded pin is raised by the first sweep after).
                continue;
            }
            if (c.state() == HealthState.UNDER_REPLICATED && c.peerStatus().containsValue(TrackerStatus.CLUSTER_ERROR.wire())) {
                // A peer that does not answer keeps its allocation until its ping expires, so a re-pin now changes
                // nothing and would spend the back-off that delays the re-pin that works once the peer is seen down.
                continue;
            }
            if (!repairable(c.state())) {
                continue;
            }
            RepairState rs = history.of(c.cid());
            if (now.isBefore(rs.notBefore())) {
                continue;
            }
            plan.add(new Planned(c, action(c, peers), new RepairState(rs.attempts() + 1, now.plus(backoff.after(rs.attempts())))));
        }
        return plan;
    }

    private static boolean repairable(HealthState s) {
        return s == HealthState.ERRORED || s == HealthState.UNDER_REPLICATED || s == HealthState.REGION_POOR;
    }

    private Action action(CidHealth c, PeerObservation peers) {
        return switch (c.state()) {
            case ERRORED -> new Action.Recover();
            // Re-pinning re-runs allocation: allocations on peers without valid metrics no longer count, so the
            // cluster tops the pin up to its maximum on live peers. With fewer live peers than the minimum the
            // cluster would refuse it: ask for what is there now; a later sweep raises it.
            case UNDER_REPLICATED -> new Action.Repin(Math.max(1, Math.min(c.replicationMin(), peers.live().size())),
                    Math.max(c.replicationMin(), c.replicationMax()));
            // The allocator never restores region spread by itself: name a live peer in each missing region and raise
            // the minimum so the cluster must add them.
            case REGION_POOR -> {
                List<String> extra = peersInOtherRegions(c.regions(), peers, minRegions - c.regions().size());
                int min = c.pinned() + extra.size();
                yield new Action.Rebalance(min, Math.max(min, c.replicationMax()), extra);
            }
            default -> throw new IllegalArgumentException("not repairable: " + c.state());
        };
    }

    /** The live peer with the most free space in each region the CID lacks, at most {@code wanted}, by region name. */
    static List<String> peersInOtherRegions(List<String> have, PeerObservation peers, int wanted) {
        Map<String, String> bestPerRegion = new TreeMap<>();
        Set<String> live = peers.live();
        Map<String, Long> free = peers.freeOfPeer();
        for (String id : live) {
            String region = peers.regionOfPeer().get(id);
            if (region == null || have.contains(region)) {
                continue;
            }
            String best = bestPerRegion.get(region);
            if (best == null || free.getOrDefault(id, 0L) > free.getOrDefault(best, 0L)) {
                bestPerRegion.put(region, id);
            }
        }
        return bestPerRegion.values().stream().limit(Math.max(0, wanted)).toList();
    }
}
