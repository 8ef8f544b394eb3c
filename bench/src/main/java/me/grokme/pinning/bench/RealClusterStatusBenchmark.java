package me.grokme.pinning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.local.LocalSystem;
import me.grokme.pinning.sweep.SweepReport;

/**
 * The health sweep against the seed's monitor loop (bench/seed-monitor: statusAll with @nftstorage/ipfs-cluster,
 * then re-pin what has fewer than 3 pinned) on the same real 3-peer cluster holding N pins, in one run: wall time,
 * memory (the sweep's peak heap in this JVM; the Node process's peak RSS) and REST requests, counted by the
 * cluster itself (its request log on the peer both talk to). {@code bin/bench real-status [pins=10000]}.
 */
public final class RealClusterStatusBenchmark {

    private RealClusterStatusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pins = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, Map.of(
                "LOCAL_REAL_CLUSTER", "true", "LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/status-bench",
                "MAX_REPAIRS_PER_SWEEP", "200")))) {
            RealCluster cluster = system.realCluster().orElseThrow();
            RealCluster.Peer eu = cluster.peer("eu-1");
            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(eu.apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < pins; i++) {
                contents.add(("grokme status benchmark " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            }
            List<String> cids = cluster.addEach("us-1", contents);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < cids.size(); i++) {
                String cid = cids.get(i);
                String name = "genesis-" + (i + 1);
                done.add(pool.submit(() -> client.pin(Cid.parse(cid), PinOptions.of(name, 3, 5))));
            }
            for (Future<?> f : done) {
                f.get();
            }
            pool.shutdown();
            Set<String> wanted = new HashSet<>(cids);
            long onThree = ClusterCounts.awaitPinnedOn(client, wanted, 3, Duration.ofSeconds(3), Duration.ofSeconds(1800));
            Path restLog = eu.dir().resolve("cluster.log");

            // The first sweep also writes a health record per CID (a fresh ledger); the second is the steady state
            // every later sweep is, the fair match for a loop that keeps nothing.
            long t00 = System.nanoTime();
            SweepReport first = system.sweep().run("benchmark-first");
            double firstSeconds = (System.nanoTime() - t00) / 1e9;
            long before = restRequests(restLog);
            Machine.resetHeapPeaks();
            long t0 = System.nanoTime();
            SweepReport report = system.sweep().run("benchmark");
            double sweepSeconds = (System.nanoTime() - t0) / 1e9;
            double sweepHeap = Machine.peakHeapMiB();
            Thread.sleep(1000);
            long sweepRequests = restRequests(restLog) - before;

            before = restRequests(restLog);
            SeedMonitor.Result seedRun = SeedMonitor.run(eu.apiUrl(), cluster.user(), cluster.password(), 3, OptionalInt.empty());
            Thread.sleep(1000);
            long seedRequests = restRequests(restLog) - before;
            JsonNode seed = seedRun.summary().orElseThrow(() -> new IllegalStateException("monitor.mjs printed no result:\n"
                    + seedRun.outputTail()));

            System.out.printf("| %,d pins on 3 peers (%,d fully pinned) | first sweep %.2f s (%s) | steady sweep: %.2f s, peak heap %.0f MiB, %d REST requests (%s) | "
                    + "seed loop (@nftstorage/ipfs-cluster): %.2f s, peak RSS %.0f MiB, %d REST requests, %d re-pins | %s |%n",
                    pins, onThree, firstSeconds, summary(first), sweepSeconds, sweepHeap, sweepRequests, summary(report), seed.path("ms").asDouble() / 1000,
                    seedRun.peakRssMiB(), seedRequests, seed.path("repinned").asLong(), Machine.describe());
        }
    }

    private static String summary(SweepReport r) {
        return r instanceof SweepReport.Completed c ? c.cidsChecked() + " CIDs checked, repairs " + c.repairs() : r.toString();
    }

    /** Requests the peer's REST API logged (ipfs-cluster's restapilog, one line per request). */
    private static long restRequests(Path log) throws IOException {
        try (var lines = Files.lines(log, StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("\trestapilog\t")).count();
        }
    }
}
