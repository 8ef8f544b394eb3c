package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which repairs a sweep chooses, in which order and how: no cluster, no table. */
class RepairPlannerTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final Backoff BACKOFF = new Backoff(Duration.ofMinutes(5), Duration.ofHours(1));
    private final RepairPlanner planner = new RepairPlanner(2, BACKOFF);
    private final Map<String, RepairState> history = new HashMap<>();

    /** Six live peers, two per region; the us ones with different free space. */
    private static final PeerObservation SIX = new PeerObservation(Set.of("eu1", "eu2", "us1", "us2", "as1", "as2"),
            Map.of("eu1", "eu", "eu2", "eu", "us1", "us", "us2", "us", "as1", "asia", "as2", "asia"), Map.of(),
            Map.of("us1", 100L, "us2", 900L, "as1", 500L, "as2", 50L));

    private static CidHealth cid(String cid, HealthState state, int pinned, List<String> regions) {
        return new CidHealth(cid, "genesis-" + cid, state, pinned, regions, 3, 5, Map.of(), List.of());
    }

    private List<RepairPlanner.Planned> plan(List<CidHealth> worstFirst, PeerObservation peers, int budget) {
        return planner.plan(worstFirst, peers, budget, c -> history.getOrDefault(c, RepairState.NEVER_REPAIRED), NOW);
    }

    @Test
    void theBudgetTakesTheFirstCandidatesInTheOrderGiven() {
        List<CidHealth> worstFirst = List.of(cid("a", HealthState.UNDER_REPLICATED, 0, List.of()), cid("b", HealthState.ERRORED, 2, List.of("eu")),
                cid("c", HealthState.REGION_POOR, 3, List.of("eu")));
        assertEquals(List.of("a", "b"), plan(worstFirst, SIX, 2).stream().map(p -> p.target().cid()).toList());
        assertTrue(plan(worstFirst, SIX, 0).isEmpty());
    }

    @Test
    void theStatusPassKeepsTheWorstCandidatesWorstFirstUnderItsCap() {
        StatusFindings f = new StatusFindings(3);
        f.offerCandidate(cid("region-poor", HealthState.REGION_POOR, 3, List.of("eu")));
        f.offerCandidate(cid("two-left", HealthState.UNDER_REPLICATED, 2, List.of("eu", "us")));
        f.offerCandidate(cid("errored", HealthState.ERRORED, 2, List.of("eu", "us")));
        f.offerCandidate(cid("none-left", HealthState.UNDER_REPLICATED, 0, List.of()));
        assertEquals(List.of("none-left", "two-left", "errored"), f.candidatesWorstFirst().stream().map(CidHealth::cid).toList(),
                "under-replicated first, fewest copies first; the least degraded dropped at the cap");
    }

    @Test
    void anUnderReplicatedCidAlreadyOnEveryLivePeerWaitsWithoutSpendingBudgetOrBackoff() {
        PeerObservation twoLive = new PeerObservation(Set.of("eu1", "us1"), Map.of("eu1", "eu", "us1", "us"), Map.of(), Map.of());
        List<RepairPlanner.Planned> plan = plan(List.of(cid("everywhere", HealthState.UNDER_REPLICATED, 2, List.of("eu", "us")),
                cid("errored", HealthState.ERRORED, 1, List.of("eu"))), twoLive, 1);
        assertEquals(List.of("errored"), plan.stream().map(p -> p.target().cid()).toList());
    }

    @Test
    void anUnderReplicatedCidWithAPeerThatDoesNotAnswerWaitsForItsPingToExpireWithoutSpendingItsBackoff() {
        CidHealth unanswered = new CidHealth("u", "genesis-u", HealthState.UNDER_REPLICATED, 2, List.of("eu", "us"), 3, 5,
                Map.of("eu-1", "pinned", "us-1", "pinned", "asia-1", "cluster_error"), List.of());
        List<RepairPlanner.Planned> plan = plan(List.of(unanswered, cid("e", HealthState.ERRORED, 1, List.of("eu"))), SIX, 5);
        assertEquals(List.of("e"), plan.stream().map(p -> p.target().cid()).toList());
    }

    @Test
    void aCidInItsBackoffIsSkippedAndOneDueIsPlannedWithADoubledWait() {
        history.put("waiting", new RepairState(1, NOW.plusSeconds(1)));
        history.put("due", new RepairState(2, NOW));
        List<RepairPlanner.Planned> plan = plan(List.of(cid("waiting", HealthState.ERRORED, 1, List.of("eu")),
                cid("due", HealthState.ERRORED, 1, List.of("eu")), cid("new", HealthState.ERRORED, 1, List.of("eu"))), SIX, 5);
        assertEquals(List.of("due", "new"), plan.stream().map(p -> p.target().cid()).toList());
        assertEquals(new RepairState(3, NOW.plus(Duration.ofMinutes(20))), plan.get(0).next(), "5 min × 2² after two attempts");
        assertEquals(new RepairState(1, NOW.plus(Duration.ofMinutes(5))), plan.get(1).next());
    }

    @Test
    void theBackoffStopsAtItsCap() {
        assertEquals(Duration.ofHours(1), BACKOFF.after(30));
        assertEquals(Duration.ofMinutes(40), BACKOFF.after(3));
    }

    @Test
    void anErroredCidIsRecovered() {
        assertInstanceOf(RepairPlanner.Action.Recover.class, plan(List.of(cid("e", HealthState.ERRORED, 2, List.of("eu", "us"))), SIX, 1)
                .get(0).action());
    }

    @Test
    void anUnderReplicatedCidIsPinnedAgainAtNoMoreThanTheLivePeersCanHold() {
        assertEquals(new RepairPlanner.Action.Repin(3, 5), plan(List.of(cid("u", HealthState.UNDER_REPLICATED, 1, List.of("eu"))), SIX, 1)
                .get(0).action());
        PeerObservation oneLive = new PeerObservation(Set.of("eu1"), Map.of("eu1", "eu"), Map.of(), Map.of());
        assertEquals(new RepairPlanner.Action.Repin(1, 5), plan(List.of(cid("u", HealthState.UNDER_REPLICATED, 0, List.of())), oneLive, 1)
                .get(0).action(), "the cluster refuses a minimum above its live peers: ask for what is there, raise it later");
    }

    @Test
    void aRegionPoorCidNamesTheLivePeerWithMostFreeSpaceInAMissingRegionAndRaisesItsMinimum() {
        RepairPlanner.Action a = plan(List.of(cid("r", HealthState.REGION_POOR, 3, List.of("eu"))), SIX, 1).get(0).action();
        // One region is missing for MIN_REGIONS 2: asia sorts first, and as1 has more free space than as2.
        assertEquals(new RepairPlanner.Action.Rebalance(4, 5, List.of("as1")), a);
    }

    @Test
    void statesThatNeedNoRepairAreNeverPlanned() {
        assertTrue(plan(List.of(cid("p", HealthState.PINNING, 1, List.of("eu")), cid("h", HealthState.HEALTHY, 3, List.of("eu", "us"))),
                SIX, 5).isEmpty());
    }
}
