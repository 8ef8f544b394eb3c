package me.grokme.pinning.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.local.LocalSystem;
import me.grokme.pinning.webhook.Deliveries;

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

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            AtomicLong ok = new AtomicLong();
            AtomicLong other = new AtomicLong();
            AtomicLong leftPending = new AtomicLong(); // 202: recorded, some pins left to the sweep by the webhook's time budget
            List<List<Deliveries.Mint>> batches = new ArrayList<>();
            for (int i = 0; i < mints; i += perDelivery) {
                List<Deliveries.Mint> batch = new ArrayList<>();
                for (int j = i; j < Math.min(mints, i + perDelivery); j++) {
                    batch.add(new Deliveries.Mint(Deliveries.CONTRACT, j + 1, "ipfs://" + cids.get(j), Deliveries.tx(j + 1), 0, 21_000_000 + j, false));
                }
                batches.add(batch);
            }
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Future<?>> done = new ArrayList<>();
            for (List<Deliveries.Mint> batch : batches) {
                done.add(pool.submit(() -> {
                    String body = Deliveries.body("alchemy", batch);
                    HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                            .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
                    Deliveries.signedHeaders("alchemy", body, System.currentTimeMillis() / 1000).forEach(post::header);
                    HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
                    (r.statusCode() == 200 ? ok : r.statusCode() == 202 ? leftPending : other).incrementAndGet();
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            double acceptSeconds = (System.nanoTime() - start) / 1e9;
            // What the webhook's cluster-time budget left PENDING, the sweep submits (every 5 minutes when deployed;
            // here at once, so the time to pinned measures the cluster, not the schedule).
            int sweeps = 0;
            while (system.ledgerCounts().getOrDefault("pin_pending", 0L) > 0 && sweeps < 20) {
                system.sweep().run("bench-drain-" + sweeps++);
            }

            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(cluster.peer("eu-1").apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            Set<String> wanted = new HashSet<>(cids);
            long fullyPinned = 0;
            while (fullyPinned < mints && (System.nanoTime() - start) / 1e9 < 1800) {
                Thread.sleep(2000);
                AtomicLong n = new AtomicLong();
                client.statusAll(StatusQuery.all(), g -> {
                    if (wanted.contains(g.cid()) && g.pinnedCount() >= 3) {
                        n.incrementAndGet();
                    }
                });
                fullyPinned = n.get();
            }
            double pinnedSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("| %,d mints | %d senders × %d per delivery | ipfs add %.1f s | %,d deliveries: %d × 200, %d × 202, %d other, %d drain sweep(s) | "
                    + "accepted in %.1f s: %.0f deliveries/s, %.0f mints/s | all %,d on 3 peers after %.1f s (%.0f pins/s cluster-wide) | %s |%n",
                    mints, senders, perDelivery, addSeconds, batches.size(), ok.get(), leftPending.get(), other.get(), sweeps, acceptSeconds,
                    batches.size() / acceptSeconds, mints / acceptSeconds, fullyPinned, pinnedSeconds, 3.0 * fullyPinned / pinnedSeconds,
                    Machine.describe());
        }
    }
}
