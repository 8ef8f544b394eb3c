package me.grokme.pinning.clustersim;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

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
            }
        }
        return config;
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
