package me.grokme.pinning.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/local}: runs the whole system on this machine and prints where everything listens.
 *
 * <pre>
 * --port N        gateway port (default 8080; 0 = any free port)
 * --sim-port N    cluster simulator port (default 9094; 0 = any free port)
 * --peers N       simulated cluster peers, regions cycling eu, us, asia (default 3)
 * --pin-delay MS  simulated time from pin to pinned (default 2000)
 * --sweep-every S health sweep period in seconds (default 60; 0 = only on POST /admin/sweep)
 * --rpc-url URL   run the chain reconciliation against this JSON-RPC endpoint (or set CHAIN_RPC_URL=plain:URL)
 * --ganache       start a local EVM (ganache from contracts/node_modules), deploy the test contract, and point
 *                 the webhook and the reconciliation at it; deep pinning reads metadata from the simulator
 * --two-capsules with --ganache (implies it): two capsules on the one chain, genesis (GrokmeGenesis, event mode) and
 *                 frames (StandardMint721, ERC-721 mode), configured through CAPSULES; each token 1 is its own
 * --reconcile-every S  reconciliation period in seconds (default 15; 0 = only on POST /admin/reconcile)
 * --real-cluster  a real 3-peer IPFS Cluster (ipfs-cluster-service + kubo built by bin/cluster-tools, booted from
 *                 infrastructure/ipfs-cluster) instead of the simulator; deep pinning reads its gateway
 * </pre>
 */
public final class LocalRunner {

    private LocalRunner() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalSystem.Options options;
        try {
            options = parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("bin/local: " + e.getMessage());
            System.exit(2);
            return;
        }
        LocalSystem system = LocalSystem.start(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            system.close();
            stopped.countDown();
        }));
        System.out.println("grokme-pinning running locally");
        System.out.println("  gateway            " + system.gateway().baseUrl());
        for (String route : system.gateway().routeKeys()) {
            System.out.println("    route            " + route);
        }
        system.realCluster().ifPresentOrElse(real -> real.peers().forEach(p -> System.out.println("  cluster peer       " + p.name()
                + "  api " + p.apiUrl() + "  gateway " + p.gatewayUrl() + "  logs " + p.dir())),
            () -> System.out.println("  cluster simulator  " + system.simulator().baseUrl() + "  (" + options.peers()
                + " peers; faults: " + system.simulator().baseUrl() + "/_sim/…)"));
        System.out.println("  DynamoDB           DynamoDB Local, in-process");
        system.ganache().ifPresent(g -> System.out.println("  chain              ganache " + g.url() + "  (chain " + me.grokme.pinning.devchain.Ganache.CHAIN_ID
                + ", " + system.framesContract().map(f -> "capsule genesis (event) " + system.chainContract().orElse("?")
                        + ", capsule frames (erc721) " + f).orElse("contract " + system.chainContract().orElse("?")) + ")"));
        system.reconcile().ifPresent(r -> System.out.println("  reconciliation     on its timer and POST /admin/reconcile"));
        System.out.println("Ctrl-C to stop.");
        stopped.await();
    }

    static LocalSystem.Options parse(String[] args, Map<String, String> environment) {
        LocalSystem.Options d = LocalSystem.Options.defaults();
        int port = d.gatewayPort();
        int simPort = d.simulatorPort();
        int peers = d.peers();
        Duration pinDelay = d.pinDelay();
        Duration sweepEvery = d.sweepInterval();
        Map<String, String> env = new LinkedHashMap<>(environment);
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("usage: bin/local [--port N] [--sim-port N] [--peers N] [--pin-delay MS] [--sweep-every S]"
                        + " [--rpc-url URL | --ganache [--two-capsules]] [--reconcile-every S] [--real-cluster]");
            }
            if (flag.equals("--ganache")) {
                env.put("LOCAL_GANACHE", "true");
                continue;
            }
            if (flag.equals("--two-capsules")) {
                env.put("LOCAL_GANACHE", "true");
                env.put("LOCAL_TWO_CAPSULES", "true");
                continue;
            }
            if (flag.equals("--real-cluster")) {
                env.put("LOCAL_REAL_CLUSTER", "true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            if (flag.equals("--rpc-url")) {
                String url = args[++i];
                if (!url.matches("https?://.+")) {
                    throw new IllegalArgumentException("--rpc-url expects an http(s) URL");
                }
                env.put("CHAIN_RPC_URL", "plain:" + url);
                continue;
            }
            int value;
            try {
                value = Integer.parseInt(args[++i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " expects an integer, got " + args[i]);
            }
            switch (flag) {
                case "--port" -> port = checkPort(flag, value);
                case "--sim-port" -> simPort = checkPort(flag, value);
                case "--peers" -> {
                    if (value < 1 || value > 127) {
                        throw new IllegalArgumentException("--peers must be 1..127, got " + value);
                    }
                    peers = value;
                }
                case "--pin-delay" -> pinDelay = Duration.ofMillis(Math.max(0, value));
                case "--sweep-every" -> sweepEvery = Duration.ofSeconds(Math.max(0, value));
                case "--reconcile-every" -> env.put("LOCAL_RECONCILE_EVERY", Integer.toString(Math.max(0, value)));
                default -> throw new IllegalArgumentException("unknown flag " + flag);
            }
        }
        return new LocalSystem.Options(port, simPort, peers, pinDelay, sweepEvery, env);
    }

    private static int checkPort(String flag, int value) {
        if (value < 0 || value > 65535) {
            throw new IllegalArgumentException(flag + " must be 0..65535, got " + value);
        }
        return value;
    }
}
