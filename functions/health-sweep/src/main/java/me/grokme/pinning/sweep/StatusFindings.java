package me.grokme.pinning.sweep;

import java.util.ArrayList;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.PriorityQueue;

/**
 * What a status pass found, filled as the stream goes, so a pass that throws half-way keeps what it saw. Memory
 * is constant per CID: fingerprints in the {@link SweepState} table, and only the worst {@code candidateCap} degraded
 * CIDs kept whole.
 */
final class StatusFindings {

    private static final Comparator<CidHealth> WORST_FIRST = Comparator.comparing(CidHealth::state).thenComparingInt(CidHealth::pinned);

    final Map<HealthState, Long> states = new EnumMap<>(HealthState.class);
    final long[] pinnedHistogram = new long[8];
    /** CIDs queued or pinning on their allocated peers since after {@link #inProgressSince}, by replicas pinned so far. */
    final long[] inProgressHistogram = new long[8];
    final Map<String, Long> pinsPerPeer = new HashMap<>();
    /** CIDs by state per capsule: the capsule whose token named the pin ({@code meta-capsule}); pins of none are not here. */
    final Map<String, Map<HealthState, Long>> statesByCapsule = new java.util.TreeMap<>();
    /** The sweep's table: this sweep's fingerprints by CID hash (what is saved for the next one). */
    SweepState state = new SweepState(16);
    boolean complete;
    long checked;
    long healthWrites;
    int stateWrites;
    long vanished;
    // The best of the worst at its head, so the cap drops the least degraded.
    private final PriorityQueue<CidHealth> candidates = new PriorityQueue<>(WORST_FIRST.reversed());
    private final int candidateCap;
    private final Instant inProgressSince;

    /** Keeps at most {@code candidateCap} repair candidates (at least 1); nothing counts as in progress. */
    StatusFindings(int candidateCap) {
        this(candidateCap, Instant.MAX);
    }

    /** ... and a pin still pinning that the cluster created after {@code inProgressSince} (the grace period) is in progress. */
    StatusFindings(int candidateCap, Instant inProgressSince) {
        this.candidateCap = Math.max(1, candidateCap);
        this.inProgressSince = inProgressSince;
    }

    void count(CidHealth c, Instant created) {
        count(c, created, "");
    }

    /** @param capsule the pin's capsule, or "" for a pin no capsule made */
    void count(CidHealth c, Instant created, String capsule) {
        states.merge(c.state(), 1L, Long::sum);
        if (!capsule.isEmpty()) {
            statesByCapsule.computeIfAbsent(capsule, k -> new EnumMap<>(HealthState.class)).merge(c.state(), 1L, Long::sum);
        }
        pinnedHistogram[Math.min(c.pinned(), 7)]++;
        // Go's zero time (creation unknown) is judged as before: not in progress.
        if (c.state() == HealthState.PINNING && created.isAfter(Instant.EPOCH) && created.isAfter(inProgressSince)) {
            inProgressHistogram[Math.min(c.pinned(), 7)]++;
        }
    }

    /** A CID the sweep may repair: kept only while it is among the worst {@code candidateCap}. */
    void offerCandidate(CidHealth c) {
        candidates.offer(c);
        if (candidates.size() > candidateCap) {
            candidates.poll();
        }
    }

    /** The kept candidates, worst first (state in declaration order, then fewest pinned). */
    List<CidHealth> candidatesWorstFirst() {
        List<CidHealth> out = new ArrayList<>(candidates);
        out.sort(WORST_FIRST);
        return out;
    }

    /** This sweep's fingerprint of the CID, or {@link Fingerprint#NONE} when the pass did not see it. */
    int fingerprintOf(String cid) {
        return state.next(CidHealth.hash(cid));
    }

    /** The share of the CIDs under-replicated; only a complete pass says it. */
    OptionalDouble underReplicatedShare() {
        return !complete ? OptionalDouble.empty() : OptionalDouble.of(states.getOrDefault(HealthState.UNDER_REPLICATED, 0L) / (double) Math.max(1, checked));
    }
}
