package me.grokme.pinning.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The durability model on constructed histories: 30 days observed, outages placed by hand. */
class DurabilityTest {

    private static final long DAY = 86_400;
    private static final long DAYS = 30 * DAY;
    private static final long WEEK = 7 * DAY;

    /** A history observed over [0, DAYS] with the given down stretches {from, to} (sorted, inside the window). */
    static History peer(String name, String region, long[]... downs) {
        List<Segment> s = new ArrayList<>();
        long t = 0;
        for (long[] d : downs) {
            if (d[0] > t) {
                s.add(new Segment(t, d[0], true));
            }
            s.add(new Segment(d[0], d[1], false));
            t = d[1];
        }
        s.add(new Segment(t, DAYS, true));
        return new History(name, region, s);
    }

    private static Map<String, History> byName(History... hs) {
        Map<String, History> m = new LinkedHashMap<>();
        for (History h : hs) {
            m.put(h.name(), h);
        }
        return m;
    }

    private static Durability.Estimated estimate(Map<String, History> peers, String... placement) {
        return assertInstanceOf(Durability.Estimated.class, Durability.estimate(peers, Set.of(placement), 0, DAYS, WEEK, 600));
    }

    /** One day down each, at the same times: 1/30 each. */
    private static final long[][] SAME = {{DAY, 2 * DAY}};

    @Test
    void twoPeersOfOneRegionAlwaysFailingTogetherAreOneEventNotTheIndependentProduct() {
        Map<String, History> peers = byName(peer("eu-1", "eu", SAME), peer("eu-2", "eu", SAME), peer("eu-3", "eu"));
        Durability.Estimated e = estimate(peers, "eu-1", "eu-2");
        double each = 1.0 / 30;
        assertEquals(each, e.allUnavailable(), 1e-9, "joint outage share, as observed");
        assertTrue(e.allUnavailable() > each * each * 10, "far above the independent product " + each * each);
        assertFalse(e.upperBound());
    }

    @Test
    void peersInDifferentRegionsFailingAtDifferentTimesMultiply() {
        Map<String, History> peers = byName(peer("eu-1", "eu", new long[] {DAY, 2 * DAY}), peer("us-1", "us", new long[] {5 * DAY, 6 * DAY}));
        Durability.Estimated e = estimate(peers, "eu-1", "us-1");
        assertEquals((1.0 / 30) * (1.0 / 30), e.allUnavailable(), 1e-12);
        // Frequency-duration: each outage lasts a day, so each repairs at 1/day: 1 / (P * 2/day).
        assertEquals(DAY / (2 * e.allUnavailable()), e.secondsToLoss(), 1);
    }

    @Test
    void copiesObservedDownTogetherAcrossRegionsNeverGoBelowWhatWasObserved() {
        Map<String, History> peers = byName(peer("eu-1", "eu", SAME), peer("us-1", "us", SAME));
        assertEquals(1.0 / 30, estimate(peers, "eu-1", "us-1").allUnavailable(), 1e-9);
    }

    @Test
    void partlyCorrelatedPeersCountTheJointPartAndMultiplyTheRest() {
        // Down together for a day; eu-1 alone for one more day; eu-2 alone for two more.
        Map<String, History> peers = byName(peer("eu-1", "eu", new long[] {DAY, 2 * DAY}, new long[] {10 * DAY, 11 * DAY}),
                peer("eu-2", "eu", new long[] {DAY, 2 * DAY}, new long[] {20 * DAY, 22 * DAY}));
        double j = 1.0 / 30;
        double expected = j + (1 - j) * (DAY / (double) (29 * DAY)) * (2 * DAY / (double) (29 * DAY));
        assertEquals(expected, estimate(peers, "eu-1", "eu-2").allUnavailable(), 1e-12);
    }

    @Test
    void aPeerWithoutAnyOutageIsAnUpperBoundNotZero() {
        Map<String, History> peers = byName(peer("eu-1", "eu"), peer("us-1", "us", new long[] {DAY, 2 * DAY}));
        Durability.Estimated e = estimate(peers, "eu-1", "us-1");
        assertTrue(e.upperBound());
        assertEquals((600.0 / DAYS) * (1.0 / 30), e.allUnavailable(), 1e-15);
    }

    @Test
    void lessThanTheMinimumObservationGivesNoNumber() {
        History young = new History("asia-1", "asia", List.of(new Segment(DAYS - 3 * DAY, DAYS, true)));
        Durability.Estimate e = Durability.estimate(byName(peer("eu-1", "eu", SAME), young), Set.of("eu-1", "asia-1"), 0, DAYS, WEEK, 600);
        Durability.NotEnoughHistory n = assertInstanceOf(Durability.NotEnoughHistory.class, e);
        assertTrue(n.reason().contains("asia-1 observed for 3.0 days; an estimate needs 7 days"), n.reason());
        assertInstanceOf(Durability.NotEnoughHistory.class, Durability.estimate(byName(peer("eu-1", "eu")), Set.of("eu-9"), 0, DAYS, WEEK, 600));
        assertInstanceOf(Durability.NotEnoughHistory.class, Durability.estimate(byName(peer("eu-1", "eu")), Set.of(), 0, DAYS, WEEK, 600));
    }

    @Test
    void availabilityNeedsTheMinimumObservationToo() {
        History h = peer("eu-1", "eu", new long[] {DAY, DAY + DAY / 2});
        Measured.Availability a = assertInstanceOf(Measured.Availability.class, Measured.of(h.segments(), 0, DAYS, WEEK));
        assertEquals(1 - 0.5 / 30, a.fraction(), 1e-12);
        assertEquals(1, a.outages());
        assertInstanceOf(Measured.NotEnoughHistory.class, Measured.of(h.segments(), DAYS - 3 * DAY, DAYS, WEEK));
    }
}
