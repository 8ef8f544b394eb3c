package me.grokme.pinning.availability;

/** What the observations support for one window: a measurement, or not enough history for one. */
public sealed interface Measured {

    /** Observed time in the window. */
    long observedSeconds();

    /**
     * Availability over the observed time.
     *
     * @param outages         down stretches in the window
     * @param downSeconds     their total
     */
    record Availability(double fraction, long observedSeconds, long downSeconds, long outages) implements Measured {
    }

    /** Fewer than the minimum days observed: no number is published. */
    record NotEnoughHistory(long observedSeconds, long neededSeconds) implements Measured {
    }

    /** Availability over {@code [from, to]}, or not enough history when less than {@code minObserved} of it was observed. */
    static Measured of(java.util.List<Segment> segments, long from, long to, long minObserved) {
        java.util.List<Segment> in = Timelines.clip(segments, from, to);
        long observed = Timelines.observedSeconds(in);
        if (observed < minObserved || observed == 0) {
            return new NotEnoughHistory(observed, minObserved);
        }
        long down = Timelines.downSeconds(in);
        return new Availability((observed - down) / (double) observed, observed, down, Timelines.outages(in));
    }
}
