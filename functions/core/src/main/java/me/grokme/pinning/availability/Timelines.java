package me.grokme.pinning.availability;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** Pure arithmetic on segment lists (sorted, non-overlapping, epoch seconds). */
public final class Timelines {

    private Timelines() {
    }

    /** The parts of {@code segments} inside {@code [from, to]}. */
    public static List<Segment> clip(List<Segment> segments, long from, long to) {
        List<Segment> out = new ArrayList<>();
        for (Segment s : segments) {
            long a = Math.max(s.from(), from);
            long b = Math.min(s.to(), to);
            if (a < b) {
                out.add(new Segment(a, b, s.up()));
            }
        }
        return out;
    }

    public static long observedSeconds(List<Segment> segments) {
        return segments.stream().mapToLong(Segment::seconds).sum();
    }

    public static long downSeconds(List<Segment> segments) {
        return segments.stream().filter(s -> !s.up()).mapToLong(Segment::seconds).sum();
    }

    /** Down segments (outages) that start inside the list, i.e. not cut by its beginning. */
    public static long outages(List<Segment> segments) {
        return segments.stream().filter(s -> !s.up()).count();
    }

    /**
     * The timeline of "all members down at once". With {@code requireAll}, only time every member was observed
     * counts (the joint outage of a set of copies); without, time any member was observed counts and it is down
     * when every observed member is down (a region: a peer not known yet does not keep it up).
     */
    public static List<Segment> allDown(List<List<Segment>> members, boolean requireAll) {
        TreeSet<Long> cuts = new TreeSet<>();
        members.forEach(m -> m.forEach(s -> {
            cuts.add(s.from());
            cuts.add(s.to());
        }));
        int[] cursor = new int[members.size()];
        List<Segment> out = new ArrayList<>();
        Long prev = null;
        for (long cut : cuts) {
            if (prev != null) {
                int observed = 0;
                int down = 0;
                for (int i = 0; i < members.size(); i++) {
                    List<Segment> m = members.get(i);
                    while (cursor[i] < m.size() && m.get(cursor[i]).to() <= prev) {
                        cursor[i]++;
                    }
                    if (cursor[i] < m.size() && m.get(cursor[i]).from() <= prev && m.get(cursor[i]).to() >= cut) {
                        observed++;
                        down += m.get(cursor[i]).up() ? 0 : 1;
                    }
                }
                if (observed > 0 && (!requireAll || observed == members.size())) {
                    append(out, new Segment(prev, cut, down < observed));
                }
            }
            prev = cut;
        }
        return out;
    }

    /** Adds a segment, merging it into the previous one when they touch and agree. */
    private static void append(List<Segment> out, Segment s) {
        if (!out.isEmpty()) {
            Segment last = out.get(out.size() - 1);
            if (last.to() == s.from() && last.up() == s.up()) {
                out.set(out.size() - 1, new Segment(last.from(), s.to(), s.up()));
                return;
            }
        }
        out.add(s);
    }
}
