package me.grokme.pinning.clustersim;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** Scripted faults of the REST API and per-route request counters. Thread-safe. */
final class Faults {

    private volatile Duration delay = Duration.ZERO;
    private final AtomicInteger failRemaining = new AtomicInteger();
    private volatile int failStatus = 500;
    private volatile String failPathPrefix = "/";
    private final AtomicInteger cutAfter = new AtomicInteger(-1);
    private volatile String cutPathPrefix = "/";
    private final AtomicReference<String> trailerError = new AtomicReference<>();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

    void slow(Duration d) {
        delay = d;
    }

    Duration delay() {
        return delay;
    }

    void failNext(int count, int status, String pathPrefix) {
        failStatus = status;
        failPathPrefix = pathPrefix;
        failRemaining.set(count);
    }

    /** True (and consumes one) when this request must fail; the status to answer is {@link #failStatus()}. */
    boolean shouldFail(String path) {
        if (!path.startsWith(failPathPrefix)) {
            return false;
        }
        while (true) {
            int n = failRemaining.get();
            if (n <= 0) {
                return false;
            }
            if (failRemaining.compareAndSet(n, n - 1)) {
                return true;
            }
        }
    }

    int failStatus() {
        return failStatus;
    }

    void cutNextStreamAfter(int items, String pathPrefix) {
        cutPathPrefix = pathPrefix;
        cutAfter.set(items);
    }

    /** The item count after which this stream must be cut, or -1; consumed by the first matching stream. */
    int takeCutAfter(String path) {
        return path.startsWith(cutPathPrefix) ? cutAfter.getAndSet(-1) : -1;
    }

    void errorTrailerOnNextStream(String message) {
        trailerError.set(message);
    }

    String takeTrailerError() {
        return trailerError.getAndSet(null);
    }

    void clear() {
        delay = Duration.ZERO;
        failRemaining.set(0);
        cutAfter.set(-1);
        trailerError.set(null);
    }

    void count(String route) {
        counters.computeIfAbsent(route, r -> new AtomicLong()).incrementAndGet();
    }

    long count(String method, String route) {
        AtomicLong c = counters.get(method + " " + route);
        return c == null ? 0 : c.get();
    }

    Map<String, Long> counters() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
