package me.grokme.pinning.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import me.grokme.pinning.probe.ProbePlanner.Pinned;
import me.grokme.pinning.probe.ProbePlanner.Probed;
import org.junit.jupiter.api.Test;

class ProbePlannerTest {

    private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void budget_arithmetic_for_13000_and_1000000_cids_weekly_with_hourly_runs() {
        // 168 runs a week: 13,000 / 168 = 77.4 → × 1.25 = 96.7 → 97; retries 25 % → 25; random 10 % → 10.
        assertEquals(new ProbeBudget(97, 25, 10), ProbeBudget.of(13_000, Duration.ofHours(1), Duration.ofDays(7), 10, 50_000));
        // 1,000,000 / 168 = 5,952.4 → × 1.25 = 7,440.5 → 7,441; retries 1,861; random 745.
        assertEquals(new ProbeBudget(7_441, 1_861, 745), ProbeBudget.of(1_000_000, Duration.ofHours(1), Duration.ofDays(7), 10, 50_000));
        assertEquals(new ProbeBudget(0, 0, 0), ProbeBudget.of(0, Duration.ofHours(1), Duration.ofDays(7), 10, 50_000));
        assertEquals(new ProbeBudget(100, 0, 0), ProbeBudget.of(1_000_000, Duration.ofHours(1), Duration.ofDays(7), 10, 100));
    }

    @Test
    void newly_pinned_first_newest_first_then_failed_then_longest_since_probed_then_random() {
        List<Pinned> pinned = List.of(new Pinned("old-new", T.minusSeconds(60)), new Pinned("newest", T),
                new Pinned("ok-recent", T), new Pinned("ok-oldest", T), new Pinned("failed", T), new Pinned("ok-mid", T));
        List<Probed> probed = List.of(new Probed("ok-recent", T.minusSeconds(10), true), new Probed("ok-oldest", T.minusSeconds(1000), true),
                new Probed("failed", T.minusSeconds(5), false), new Probed("ok-mid", T.minusSeconds(500), true),
                new Probed("unpinned-since", T.minusSeconds(9999), true));
        assertEquals(List.of("newest", "old-new", "ok-oldest", "ok-mid"),
                ProbePlanner.plan(pinned, probed, new ProbeBudget(4, 0, 0), new Random(1)));
        assertEquals(List.of("newest", "old-new", "failed", "ok-oldest", "ok-mid"),
                ProbePlanner.plan(pinned, probed, new ProbeBudget(4, 1, 0), new Random(1)));
        List<String> withRandom = ProbePlanner.plan(pinned, probed, new ProbeBudget(2, 0, 2), new Random(1));
        assertEquals(List.of("newest", "old-new"), withRandom.subList(0, 2));
        assertEquals(4, withRandom.size());
        assertTrue(!withRandom.contains("unpinned-since"), "a CID no longer pinned is never probed");
    }

    @Test
    void cids_that_keep_failing_cannot_starve_the_healthy_ones() {
        List<Pinned> pinned = IntStream.range(0, 100).mapToObj(i -> new Pinned("c" + i, T)).toList();
        List<Probed> probed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            // c0..c79 failed an hour ago; c80..c99 verified two hours ago: the oldest probes are the healthy ones.
            probed.add(new Probed("c" + i, i < 80 ? T.minusSeconds(3600) : T.minusSeconds(7200), i >= 80));
        }
        List<String> plan = ProbePlanner.plan(pinned, probed, new ProbeBudget(10, 5, 0), new Random(1));
        assertEquals(15, plan.size());
        assertEquals(10, plan.stream().filter(c -> Integer.parseInt(c.substring(1)) >= 80).count(), plan.toString());
    }

    @Test
    void the_budget_covers_every_cid_within_the_period_even_when_a_region_always_fails() {
        int n = 2_000;
        Duration interval = Duration.ofHours(1);
        Duration period = Duration.ofDays(7);
        List<Pinned> pinned = IntStream.range(0, n).mapToObj(i -> new Pinned("cid" + i, T.minusSeconds(i))).toList();
        Map<String, Probed> last = new HashMap<>();
        Map<String, Instant> firstProbe = new HashMap<>();
        Random random = new Random(7);
        ProbeBudget budget = ProbeBudget.of(n, interval, period, 10, 50_000);
        long runs = period.dividedBy(interval);
        Map<String, Integer> gaps = new HashMap<>();
        for (int run = 0; run < 3 * runs; run++) {
            Instant now = T.plus(interval.multipliedBy(run));
            for (String cid : ProbePlanner.plan(pinned, new ArrayList<>(last.values()), budget, random)) {
                Probed before = last.get(cid);
                if (before != null) {
                    gaps.merge(cid, (int) Duration.between(before.probedAt(), now).dividedBy(interval), Math::max);
                }
                firstProbe.putIfAbsent(cid, now);
                last.put(cid, new Probed(cid, now, false)); // every probe fails somewhere: the worst case for rotation
            }
        }
        assertEquals(n, firstProbe.size());
        assertTrue(firstProbe.values().stream().allMatch(t -> !t.isAfter(T.plus(period))), "every CID probed in the first period");
        int worst = gaps.values().stream().mapToInt(Integer::intValue).max().orElseThrow();
        assertTrue(worst <= runs, "longest gap " + worst + " runs, period " + runs);
    }
}
