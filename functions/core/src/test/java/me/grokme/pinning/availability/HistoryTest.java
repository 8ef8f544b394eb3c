package me.grokme.pinning.availability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HistoryTest {

    private static final long GAP = 900;

    private static History observe(History h, long at, boolean up) {
        return h.observe(at, up, GAP, 0, 100);
    }

    @Test
    void anOutageCountsFromTheLastSweepThatSawThePeerUpToTheFirstThatSeesItUpAgain() {
        History h = History.empty("eu-1", "eu");
        h = observe(h, 1000, true);
        h = observe(h, 1300, true);
        h = observe(h, 1600, false);
        h = observe(h, 1900, false);
        h = observe(h, 2200, true);
        h = observe(h, 2500, true);
        assertEquals(List.of(new Segment(1000, 1300, true), new Segment(1300, 2200, false), new Segment(2200, 2500, true)), h.segments());
        assertFalse(h.downAtLastObservation());
    }

    @Test
    void aGapLongerThanTheLimitIsNoDataNeitherUpNorDown() {
        History h = observe(observe(observe(History.empty("eu-1", "eu"), 1000, true), 1300, true), 5000, false);
        assertEquals(List.of(new Segment(1000, 1300, true), new Segment(5000, 5000, false)), h.segments());
        assertTrue(h.downAtLastObservation());
        assertEquals(300, Timelines.observedSeconds(h.segments()));
    }

    @Test
    void oldSegmentsArePrunedAndOutOfOrderObservationsIgnored() {
        History h = History.empty("eu-1", "eu").observe(100, true, GAP, 0, 10).observe(400, true, GAP, 0, 10);
        assertEquals(h, h.observe(300, false, GAP, 0, 10));
        assertEquals(List.of(new Segment(350, 700, true)), h.observe(700, true, GAP, 350, 10).segments());
    }

    @Test
    void aRegionIsDownOnlyWhileEveryObservedNodeIsDown() {
        List<Segment> a = List.of(new Segment(0, 100, true), new Segment(100, 300, false), new Segment(300, 400, true));
        List<Segment> b = List.of(new Segment(0, 200, true), new Segment(200, 350, false), new Segment(350, 400, true));
        assertEquals(List.of(new Segment(0, 200, true), new Segment(200, 300, false), new Segment(300, 400, true)),
                Timelines.allDown(List.of(a, b), false));
        // A node known only later does not keep the region up before it existed.
        List<Segment> late = List.of(new Segment(250, 400, true));
        assertEquals(List.of(new Segment(0, 100, true), new Segment(100, 250, false), new Segment(250, 400, true)),
                Timelines.allDown(List.of(a, late), false));
        assertEquals(List.of(new Segment(250, 400, true)), Timelines.allDown(List.of(a, late), true));
    }

    @Test
    void dayBarsTellNoDataFromZeroPercent() {
        LocalDate d = LocalDate.of(2026, 12, 1);
        long start = d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
        List<Segment> s = List.of(new Segment(start, start + 43_200, true), new Segment(start + 43_200, start + 86_400, false),
                new Segment(start + 86_400, start + 2 * 86_400, false));
        List<DayBar> bars = DayBar.of(s, d.plusDays(2), 4);
        assertEquals(List.of(d.minusDays(1), d, d.plusDays(1), d.plusDays(2)), bars.stream().map(DayBar::date).toList());
        assertTrue(bars.get(0).upFraction().isEmpty(), "no data the day before");
        assertEquals(0.5, bars.get(1).upFraction().getAsDouble(), 1e-12);
        assertEquals(0.0, bars.get(2).upFraction().getAsDouble(), 1e-12, "observed and down all day: 0 %, not no data");
        assertTrue(bars.get(3).upFraction().isEmpty());
    }

    @Test
    void aPeerDownAndBackIsOneResolvedIncidentInARegionOfItsOwn() {
        History eu = new History("eu-1", "eu", List.of(new Segment(0, 1000, true), new Segment(1000, 4000, false), new Segment(4000, 9000, true)));
        History us = new History("us-1", "us", List.of(new Segment(0, 9000, true)));
        List<Incident> all = Incidents.derive(List.of(eu, us), History.empty("content", ""), 0, 50);
        assertEquals(1, all.size(), all.toString());
        Incident i = all.get(0);
        assertEquals(Incident.Kind.REGION_DOWN, i.kind());
        assertEquals(List.of("region-eu", "peer-eu-1"), i.components());
        assertEquals(1000, i.start());
        assertEquals(OptionalLong.of(4000), i.end());
    }

    @Test
    void contentBelowTargetOnlyDuringANodesOutageIsThatIncidentButOutlastingItIsItsOwn() {
        History eu = new History("eu-1", "eu", List.of(new Segment(0, 1000, true), new Segment(1000, 4000, false), new Segment(4000, 9000, true)));
        History explained = new History("content", "", List.of(new Segment(0, 1000, true), new Segment(1000, 4000, false), new Segment(4000, 9000, true)));
        assertEquals(List.of(Incident.Kind.REGION_DOWN), Incidents.derive(List.of(eu), explained, 0, 50).stream().map(Incident::kind).toList());
        History outlasting = new History("content", "", List.of(new Segment(0, 1000, true), new Segment(1000, 6000, false), new Segment(6000, 9000, true)));
        assertEquals(List.of(Incident.Kind.REGION_DOWN, Incident.Kind.UNDER_REPLICATED),
                Incidents.derive(List.of(eu), outlasting, 0, 50).stream().map(Incident::kind).toList());
    }

    @Test
    void oneNodeOfTwoDownIsANodeIncidentStillOpenAndTheOtherRegionOnesStayOut() {
        History a = new History("eu-1", "eu", List.of(new Segment(0, 1000, true), new Segment(1000, 4000, false)));
        History b = new History("eu-2", "eu", List.of(new Segment(0, 4000, true)));
        History content = new History("content", "", List.of(new Segment(0, 500, true), new Segment(500, 800, false), new Segment(800, 4000, true)));
        List<Incident> all = Incidents.derive(List.of(a, b), content, 0, 50);
        assertEquals(2, all.size(), all.toString());
        assertEquals(Incident.Kind.NODE_DOWN, all.get(0).kind());
        assertTrue(all.get(0).open(), "open first");
        assertEquals(Incident.Kind.UNDER_REPLICATED, all.get(1).kind());
        assertEquals(OptionalLong.of(800), all.get(1).end());
        assertEquals(1, Incidents.derive(List.of(a, b), content, 900, 50).size(), "the resolved one ended before the window");
    }
}
