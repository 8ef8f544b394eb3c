package me.grokme.pinning.clustersim;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.CountDownLatch;
import me.grokme.pinning.clock.ManualClock;

/**
 * Runs the simulator in its own JVM (benchmarks, manual testing). Prints {@code cluster-sim listening on <url>}
 * on stdout once ready.
 *
 * <pre>
 * --port N          loopback port (default 9094; 0 = free)
 * --peers N         peers, regions cycling eu, us, asia (default 3)
 * --pin-delay MS    commit → pinned time in ms (default 2000)
 * --repinning       re-allocate pins away from dead peers (disable_repinning=false)
 * --basic-auth U:P  require basic auth
 * --seed N          pre-pin N CIDs on 3 peers
 * --manual-clock [INSTANT]
 *                   time stands still until {@code POST /_sim/clock/advance?ms=N}; starts at INSTANT
 *                   (ISO-8601, e.g. 2026-11-24T10:00:00Z) or at the current time. {@code GET /_sim/clock} reads it.
 * </pre>
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ClusterSimulator sim = start(args);
        System.out.println("cluster-sim listening on " + sim.baseUrl() + " (" + sim.config().peers().size() + " peers, "
                + sim.pinCount() + " pins)");
        System.out.flush();
        CountDownLatch forever = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(sim::close));
        forever.await();
    }

    /** Starts a simulator as the command line asks (seeded if {@code --seed}); the caller closes it. */
    static ClusterSimulator start(String[] args) {
        SimulatorConfig config = config(args);
        ClusterSimulator sim = ClusterSimulator.start(config);
        int seed = intArg(args, "--seed", 0);
        if (seed > 0) {
            sim.seedPinned(seed, 3, false);
        }
        return sim;
    }

    static SimulatorConfig config(String[] args) {
        SimulatorConfig config = SimulatorConfig.ofPeers(intArg(args, "--peers", 3)).withPort(intArg(args, "--port", 9094))
                .withPinDelay(Duration.ofMillis(intArg(args, "--pin-delay", 2000)));
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--repinning")) {
                config = config.withRepinning(true);
            } else if (args[i].equals("--basic-auth") && i + 1 < args.length) {
                String[] up = args[i + 1].split(":", 2);
                if (up.length != 2) {
                    throw new IllegalArgumentException("--basic-auth expects user:password");
                }
                config = config.withBasicAuth(up[0], up[1]);
            } else if (args[i].equals("--manual-clock")) {
                boolean startGiven = i + 1 < args.length && !args[i + 1].startsWith("--");
                config = config.withClock(new ManualClock(startGiven ? instantArg("--manual-clock", args[i + 1]) : Instant.now()));
            }
        }
        return config;
    }

    private static Instant instantArg(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " expects an ISO-8601 instant such as 2026-11-24T10:00:00Z, got " + value);
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                try {
                    return Integer.parseInt(args[i + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + " expects an integer, got " + args[i + 1]);
                }
            }
        }
        return fallback;
    }
}
