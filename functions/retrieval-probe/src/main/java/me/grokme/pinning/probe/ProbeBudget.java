package me.grokme.pinning.probe;

import java.time.Duration;

/**
 * How many CIDs one run probes so that every pinned CID is probed at least once per period (BENCHMARKS.md works it for
 * 13,000 and 1,000,000 CIDs). The rotation lane alone gets {@code ceil(N × interval / period × 1.25)} — a quarter of
 * headroom for runs cut short by the time budget — so coverage never depends on the other lanes: retries of CIDs whose
 * last probe failed get {@link #RETRY_SHARE} of that on top, the random lane {@code randomPercent}.
 */
public record ProbeBudget(int rotation, int retry, int random) {

    static final double HEADROOM = 1.25;
    static final double RETRY_SHARE = 0.25;

    public int total() {
        return rotation + retry + random;
    }

    public static ProbeBudget of(long pinned, Duration runInterval, Duration period, int randomPercent, int maxPerRun) {
        if (pinned == 0) {
            return new ProbeBudget(0, 0, 0);
        }
        double runsPerPeriod = (double) period.toMillis() / runInterval.toMillis();
        long rotation = Math.min((long) Math.ceil(pinned / runsPerPeriod * HEADROOM), Math.min(pinned, maxPerRun));
        long retry = Math.min((long) Math.ceil(rotation * RETRY_SHARE), maxPerRun - rotation);
        long random = Math.min((long) Math.ceil(rotation * randomPercent / 100.0), maxPerRun - rotation - retry);
        return new ProbeBudget((int) rotation, (int) retry, (int) random);
    }
}
