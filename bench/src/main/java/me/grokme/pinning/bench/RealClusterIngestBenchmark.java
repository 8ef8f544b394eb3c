package me.grokme.pinning.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.local.LocalSystem;

/**
 * Ingestion on the real 3-peer cluster: N mints of distinct content (added to one peer's kubo beforehand, unpinned)
 * delivered through the webhook route by S senders, M mints per delivery; measures deliveries and mints accepted per
 * second, and the time from the first delivery until the real cluster reports every CID pinned on 3 peers.
 * {@code bin/bench real-ingest [mints=2000] [senders=4] [perDelivery=10]}.
 */
public final class RealClusterIngestBenchmark {

    private RealClusterIngestBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int mints = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int perDelivery = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, Map.of(
                "LOCAL_REAL_CLUSTER", "true", "LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/ingest-bench")))) {
            RealCluster cluster = system.realCluster().orElseThrow();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < mints; i++) {
                contents.add(("grokme ingest benchmark token " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            }
            long addStart = System.nanoTime();
            List<String> cids = cluster.addEach("us-1", contents);
            double addSeconds = (System.nanoTime() - addStart) / 1e9;

            long start = System.nanoTime();
            WebhookLoad.Result sent = WebhookLoad.deliver(system, cids, senders, perDelivery);
            double acceptSeconds = sent.seconds();
            int sweeps = WebhookLoad.drainPending(system);

            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(cluster.peer("eu-1").apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            Set<String> wanted = new HashSet<>(cids);
            long fullyPinned = ClusterCounts.awaitPinnedOn(client, wanted, 3, Duration.ofSeconds(2),
                    Duration.ofSeconds(1800).minusNanos(System.nanoTime() - start));
            double pinnedSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("| %,d mints | %d senders × %d per delivery | ipfs add %.1f s | %,d deliveries: %d × 200, %d × 202, %d other, %d drain sweep(s) | "
                    + "accepted in %.1f s: %.0f deliveries/s, %.0f mints/s | all %,d on 3 peers after %.1f s (%.0f pins/s cluster-wide) | %s |%n",
                    mints, senders, perDelivery, addSeconds, sent.deliveries(), sent.ok(), sent.leftPending(), sent.other(), sweeps, acceptSeconds,
                    sent.deliveries() / acceptSeconds, mints / acceptSeconds, fullyPinned, pinnedSeconds, 3.0 * fullyPinned / pinnedSeconds,
                    Machine.describe());
        }
    }
}
