package me.grokme.pinning.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.drain.DrainReport;
import me.grokme.pinning.drain.PinDrain;
import me.grokme.pinning.local.LocalSystem;

/**
 * A backlog deferred by an outage, drained on the real 3-peer cluster: N mints of distinct content (added to one
 * peer's kubo beforehand, unpinned) delivered through the webhook route while every cluster daemon is stopped (each
 * delivery answers 202, its pins PENDING); the daemons start again, and the pin drain runs as its one-minute schedule
 * would — at once, then every 60 s from the cluster's return, each run within its 40 s budget. Measures the time from
 * the cluster's return until the ledger holds no PENDING pin (all submitted) and until the cluster reports every CID
 * pinned on 3 peers. {@code bin/bench real-drain [mints=10000] [concurrency=4] [senders=4] [perDelivery=10]}.
 */
public final class RealClusterDrainBenchmark {

    private static final Duration SCHEDULE = Duration.ofMinutes(1);

    private RealClusterDrainBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mints = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int senders = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int perDelivery = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, Map.of(
                "LOCAL_REAL_CLUSTER", "true", "LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/drain-bench",
                "DRAIN_CONCURRENCY", Integer.toString(concurrency), "LOCAL_DRAIN_EVERY", "0")))) {
            RealCluster cluster = system.realCluster().orElseThrow();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < mints; i++) {
                contents.add(("grokme drain benchmark token " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            }
            List<String> cids = cluster.addEach("us-1", contents);

            cluster.stopClusterDaemons(); // the outage
            WebhookLoad.Result load = WebhookLoad.deliver(system, cids, senders, perDelivery);
            String answers = load.ok() + " × 200, " + load.leftPending() + " × 202, " + load.other() + " other";
            Map<String, Long> before = system.ledgerCounts();

            long outageEnd = System.nanoTime();
            cluster.startClusterDaemons();
            double readySeconds = seconds(outageEnd);
            long back = System.nanoTime(); // the cluster answers again: the clock starts
            List<String> runs = new ArrayList<>();
            double submittedSeconds = -1;
            long submitted = 0;
            for (int run = 0; run < 30 && submittedSeconds < 0; run++) {
                long due = back + SCHEDULE.toNanos() * run;
                while (System.nanoTime() < due) {
                    Thread.sleep(Math.max(1, (due - System.nanoTime()) / 1_000_000));
                }
                DrainReport r = system.drain().run("bench-" + run, PinDrain.Mode.DUE, Duration.ofSeconds(40));
                if (r instanceof DrainReport.Drained d) {
                    submitted += d.count("submitted") + d.count("already_with_cluster");
                    runs.add(String.format("%d in %.1f s", d.count("submitted"), d.duration().toMillis() / 1e3));
                } else {
                    runs.add("cluster down");
                }
                if (submitted >= mints) {
                    submittedSeconds = seconds(back); // counted from the runs' own reports: a ledger scan here would add its time
                }
            }
            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(cluster.peer("eu-1").apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            long pinned = ClusterCounts.awaitPinnedOn(client, new HashSet<>(cids), 3, Duration.ofSeconds(2), Duration.ofMinutes(30));
            double pinnedSeconds = seconds(back);
            Map<String, Long> after = system.ledgerCounts();
            System.out.printf("| %,d mints | concurrency %d | deliveries during the outage %s, ledger then %s | cluster ready %.1f s after "
                    + "restart | drain runs %s | all submitted %.1f s after the return | %,d on 3 peers %.1f s after | ledger at the end %s | %s |%n",
                    mints, concurrency, answers, before, readySeconds, runs, submittedSeconds, pinned, pinnedSeconds, after, Machine.describe());
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
