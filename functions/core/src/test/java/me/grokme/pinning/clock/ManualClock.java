package me.grokme.pinning.clock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told to: tests and the simulator step time (pin lifecycles, ping expiry, retry schedules)
 * without waiting. In core's test-jar, so that no function's jar carries it.
 */
public final class ManualClock extends Clock {

    private final AtomicLong nanos;

    public ManualClock(Instant start) {
        this.nanos = new AtomicLong(start.getEpochSecond() * 1_000_000_000L + start.getNano());
    }

    public void advance(Duration d) {
        nanos.addAndGet(d.toNanos());
    }

    @Override
    public Instant instant() {
        long n = nanos.get();
        return Instant.ofEpochSecond(Math.floorDiv(n, 1_000_000_000L), Math.floorMod(n, 1_000_000_000L));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
