package me.grokme.pinning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.cluster.TrackerStatus;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.local.LocalSystem;
import me.grokme.pinning.sweep.HealthState;
import me.grokme.pinning.sweep.SweepReport;

/**
 * A killed peer on the real 3-peer cluster → how long until the health sweep (the local runner's, in this JVM, on
 * DynamoDB Local) first reports it down, and until every CID is back at its target as the real cluster reports it —
 * with the cluster's repinning off (the sweep's re-pins do it) and on (the cluster re-allocates once the peer's ping
 * expires). N CIDs are minted through the webhook at replication 2/2, so each sits on two of the three peers and a
 * dead peer's share can be re-allocated to the third; asia-1 (cluster daemon and kubo) gets SIGKILL. Sweeps run back
 * to back, or {@code gap} seconds apart. {@code bin/bench real-recovery [pins=1000] [sweepGapSeconds=0]}.
 */
public final class RealClusterRecoveryBenchmark {

    private static final String VICTIM = "asia-1";
    private static final int TARGET = 2;

    private RealClusterRecoveryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pins = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        Duration gap = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 0);
        System.out.println("load before (1, 5, 15 min): " + Machine.load());
        List<String> rows = new ArrayList<>();
        for (boolean repinningDisabled : new boolean[] {true, false}) {
            rows.add(scenario(pins, repinningDisabled, gap));
        }
        System.out.println();
        System.out.println("| cluster repinning | pins (on " + VICTIM + ") | sweeps | ping expired after | sweep saw the peer down after | "
                + "all back at 2 pinned (cluster) after | all healthy (sweep) after | sweeps after the kill | sweep repairs |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        rows.forEach(System.out::println);
        System.out.println();
        System.out.println(Machine.describe());
        System.out.println("load after (1, 5, 15 min): " + Machine.load());
    }

    private static String scenario(int pins, boolean repinningDisabled, Duration gap) throws Exception {
        String mode = repinningDisabled ? "off" : "on";
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LOCAL_REAL_CLUSTER", "true");
        env.put("LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/recovery-bench-" + mode);
        env.put("LOCAL_PEER_ENV_CLUSTER_DISABLEREPINNING", Boolean.toString(repinningDisabled));
        env.put("REPLICATION_MIN", Integer.toString(TARGET));
        env.put("REPLICATION_MAX", Integer.toString(TARGET));
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, env))) {
            RealCluster cluster = system.realCluster().orElseThrow();
            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(cluster.peer("eu-1").apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < pins; i++) {
                contents.add(("grokme recovery benchmark " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            }
            List<String> cids = cluster.addEach("us-1", contents);
            WebhookLoad.Result sent = WebhookLoad.deliver(system, cids, 4, 10);
            WebhookLoad.drainPending(system);
            Set<String> wanted = new HashSet<>(cids);
            long placed = ClusterCounts.awaitPinnedOn(client, wanted, TARGET, Duration.ofSeconds(2), Duration.ofMinutes(15));
            if (placed < pins) {
                throw new IllegalStateException("only " + placed + " of " + pins + " pinned on " + TARGET + " peers before the kill");
            }
            SweepReport.Completed primed = sweepOnce(system, "prime-1");
            primed = sweepOnce(system, "prime-2");
            long onVictim = onPeer(client, wanted, VICTIM);
            System.out.printf("%n[repinning %s] %,d mints (%d deliveries: %d × 200, %d × 202, %d other); all on %d peers; %,d on %s; "
                    + "primed sweep: %s%n", mode, pins, sent.deliveries(), sent.ok(), sent.leftPending(), sent.other(), TARGET, onVictim, VICTIM,
                    primed.states());

            Watcher watcher = new Watcher(cluster, client, wanted);
            cluster.kill(VICTIM);
            long t0 = System.nanoTime();
            watcher.start(t0);
            double detected = -1;
            double healthy = -1;
            int detectedBy = 0;
            int sweeps = 0;
            Map<String, Integer> repairs = new TreeMap<>();
            String lastSeen = "";
            while ((healthy < 0 || watcher.backAt() < 0) && seconds(t0) < 20 * 60) {
                double start = seconds(t0);
                SweepReport.Completed r = sweepOnce(system, "after-kill-" + (sweeps + 1));
                sweeps++;
                double end = seconds(t0);
                r.repairs().forEach((k, v) -> repairs.merge(k, v, Integer::sum));
                String seen = "peers down " + r.peersDown() + ", states " + r.states() + ", repairs " + r.repairs();
                if (!seen.equals(lastSeen)) { // a trace of the changes, not of every identical sweep
                    System.out.printf("  sweep %d: %.1f–%.1f s after the kill, %s%n", sweeps, start, end, seen);
                    lastSeen = seen;
                }
                if (detected < 0 && r.peersDown() > 0) {
                    detected = end;
                    detectedBy = sweeps;
                }
                if (healthy < 0 && r.complete() && r.states().getOrDefault(HealthState.HEALTHY, 0L) >= pins) {
                    healthy = end;
                }
                Thread.sleep(gap.toMillis());
            }
            watcher.stop();
            System.out.printf("  cluster: ping of %s expired after %.1f s; fewest CIDs at %d pinned: %,d; all back after %.1f s%n", VICTIM,
                    watcher.pingExpiredAt(), TARGET, watcher.fewest(), watcher.backAt());
            return String.format("| %s | %,d (%,d) | %s | %.1f s | %.1f s (sweep %d) | %s | %s | %d | %s |", repinningDisabled ? "off" : "on (shipped)",
                    pins, onVictim, gap.isZero() ? "back to back" : "every " + gap.toSeconds() + " s", watcher.pingExpiredAt(), detected, detectedBy,
                    watcher.backAt() < 0 ? "not within 20 min" : String.format("**%.1f s**", watcher.backAt()),
                    healthy < 0 ? "not within 20 min" : String.format("%.1f s", healthy), sweeps, repairs);
        }
    }

    private static SweepReport.Completed sweepOnce(LocalSystem system, String id) {
        return (SweepReport.Completed) system.sweep().run("recovery-bench-" + id);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    /** How many of {@code wanted} the cluster reports pinned on the peer named so. */
    private static long onPeer(OkHttpClusterClient client, Set<String> wanted, String peerName) {
        AtomicLong n = new AtomicLong();
        client.statusAll(StatusQuery.all(), g -> {
            for (PinInfoShort p : g.peerMap().values()) {
                if (wanted.contains(g.cid()) && p.peername().equals(peerName) && p.status() == TrackerStatus.PINNED) {
                    n.incrementAndGet();
                }
            }
        });
        return n.get();
    }

    /**
     * Watches the real cluster once a second from the kill on: when the victim's ping leaves eu-1's metrics, and when
     * every CID is again pinned on the target number of peers after having dropped below it.
     */
    private static final class Watcher {
        private final RealCluster cluster;
        private final OkHttpClusterClient client;
        private final Set<String> wanted;
        private volatile boolean running = true;
        private volatile double pingExpiredAt = -1;
        private volatile double backAt = -1;
        private volatile long fewest = Long.MAX_VALUE;
        private Thread thread;

        Watcher(RealCluster cluster, OkHttpClusterClient client, Set<String> wanted) {
            this.cluster = cluster;
            this.client = client;
            this.wanted = wanted;
        }

        void start(long t0) {
            thread = Thread.ofPlatform().daemon().name("recovery-watcher").start(() -> {
                while (running) {
                    try {
                        if (pingExpiredAt < 0 && cluster.get(cluster.peer("eu-1"), "/monitor/metrics/ping").map(JsonNode::size).orElse(3) < 3) {
                            pingExpiredAt = seconds(t0);
                        }
                        long n = ClusterCounts.pinnedOnAtLeast(client, wanted, TARGET);
                        fewest = Math.min(fewest, n);
                        if (backAt < 0 && fewest < wanted.size() && n == wanted.size()) {
                            backAt = seconds(t0);
                        }
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        System.out.println("  watcher: " + e); // a failed look is retried in a second
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5000);
        }

        double pingExpiredAt() {
            return pingExpiredAt;
        }

        double backAt() {
            return backAt;
        }

        long fewest() {
            return fewest;
        }
    }
}
