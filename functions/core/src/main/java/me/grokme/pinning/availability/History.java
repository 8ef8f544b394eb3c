package me.grokme.pinning.availability;

import java.util.ArrayList;
import java.util.List;

/**
 * What the sweeps observed of one component (a peer, or the pinset's replication), as up/down segments in time
 * order. Time between two observations further apart than {@code maxGap} is "no data": neither up nor down.
 * An outage counts from the last observation that saw the component up to the first that sees it up again — the
 * unseen time around a change is counted as down, never as up.
 */
public record History(String name, String region, List<Segment> segments) {

    public History {
        segments = List.copyOf(segments);
    }

    public static History empty(String name, String region) {
        return new History(name, region, List.of());
    }

    /** This history after one more observation at {@code at}, pruned to {@code keepFrom} and at most {@code maxSegments}. */
    public History observe(long at, boolean up, long maxGap, long keepFrom, int maxSegments) {
        List<Segment> s = new ArrayList<>(segments);
        Segment last = s.isEmpty() ? null : s.get(s.size() - 1);
        if (last != null && at <= last.to()) {
            return this; // an older or repeated observation changes nothing
        }
        if (last == null || at - last.to() > maxGap) {
            s.add(new Segment(at, at, up));
        } else if (last.up() == up) {
            s.set(s.size() - 1, new Segment(last.from(), at, up));
        } else if (last.up()) {
            s.add(new Segment(last.to(), at, false));
        } else {
            s.set(s.size() - 1, new Segment(last.from(), at, false));
            s.add(new Segment(at, at, true));
        }
        return new History(name, region, prune(s, keepFrom, maxSegments));
    }

    private static List<Segment> prune(List<Segment> s, long keepFrom, int maxSegments) {
        List<Segment> out = new ArrayList<>(s.size());
        for (Segment x : s) {
            if (x.to() >= keepFrom) {
                out.add(x.from() >= keepFrom ? x : new Segment(keepFrom, x.to(), x.up()));
            }
        }
        return out.size() <= maxSegments ? out : out.subList(out.size() - maxSegments, out.size());
    }

    /** The time of the latest observation, or -1 when there is none. */
    public long lastObservedAt() {
        return segments.isEmpty() ? -1 : segments.get(segments.size() - 1).to();
    }

    /** Down now: the latest observation saw it down. */
    public boolean downAtLastObservation() {
        return !segments.isEmpty() && !segments.get(segments.size() - 1).up();
    }
}
