package me.grokme.pinning.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.StatusPass;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepReport;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.sweep.SweepStore;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The health sweep at scale (BENCHMARKS.md). The simulator (seeded, own JVM) and DynamoDB Local (server, own JVM) run
 * beside this JVM, which should be started with {@code -Xmx512m} (1 M CIDs) or {@code -Xmx1g} (10 M, the Lambda's limit). The sweep's compact state is primed
 * (the first-ever per-CID writes are excluded, as the issue asks), then full sweeps are timed:
 * lease, peers, pinset, state load, the status pass with classification and delta, summary.
 * Then the seed's monitor (one status call per CID, re-pin below 3) runs on a 100k-CID cluster
 * beside the sweep on the same cluster, for the ratio.
 *
 * <p>Usage: {@code SweepBenchmark [cids=1000000] [baselineCids=100000]}.
 */
public final class SweepBenchmark {

    private SweepBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cids = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int baselineCids = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        try (ChildJvm dynamo = ChildJvm.dynamoLocal()) {
            DynamoDbClient db = dynamo(dynamo);
            System.out.println("| run | CIDs | seconds | CIDs/s | peak heap MiB | max heap after GC MiB | health writes | state item writes | cluster requests | load (1, 5, 15 min) before → after |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            fullSweeps(db, cids, "big", 2);
            System.out.println();
            baseline(db, baselineCids);
            System.out.println();
            System.out.println("Sweep JVM: " + Machine.describe());
        }
    }

    /** A client of DynamoDB Local running as a server in its own JVM. */
    static DynamoDbClient dynamo(ChildJvm server) {
        return DynamoDbClient.builder().endpointOverride(server.baseUrl())
                .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private static void fullSweeps(DynamoDbClient db, int cids, String table, int runs) throws Exception {
        // The simulator holds ~300 bytes a pin; its heap grows with the pinset (10 M CIDs: ~3 GB live).
        try (ChildJvm sim = ChildJvm.simulator(cids, cids > 2_000_000 ? "8g" : "6g")) {
            URI url = sim.baseUrl();
            LedgerTable.createIfMissing(db, table);
            OkHttpClusterClient client = client(url);
            SweepConfig config = config(table, url, Integer.MAX_VALUE / 2);
            String load = Machine.load();
            Machine.resetHeapPeaks();
            long t = System.nanoTime();
            long primed = prime(client, new SweepStore(db, table), config);
            double ps = (System.nanoTime() - t) / 1e9;
            System.out.printf("| prime (status pass + first state write) | %,d | %.1f | %,.0f | %.0f | %.0f | – | all | 5 | %s → %s |%n", primed, ps,
                    primed / ps, Machine.peakHeapMiB(), Machine.maxHeapAfterGcMiB(), load, Machine.load());
            SweepService sweep = HealthSweepApp.build(config, db, client, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
            for (int i = 1; i <= runs; i++) {
                load = Machine.load();
                Machine.resetHeapPeaks();
                long t0 = System.nanoTime();
                SweepReport.Completed r = (SweepReport.Completed) sweep.run("bench-" + i);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("| sweep %d | %,d | %.1f | %,.0f | %.0f | %.0f | %d | %d | %s | %s → %s |%n", i, r.cidsChecked(), s, r.cidsChecked() / s,
                        Machine.peakHeapMiB(), Machine.maxHeapAfterGcMiB(), r.healthWrites(), r.stateItemWrites(), "5 (ping, tag:region, freespace, /allocations, /pins)", load,
                        Machine.load());
            }
        }
    }

    /**
     * Writes the state buckets a previous sweep would have left, without the per-CID records: the production status
     * pass with nothing recorded but the fingerprints.
     */
    static long prime(OkHttpClusterClient client, SweepStore store, SweepConfig config) {
        return StatusPass.saveFingerprintsOnly(client, store, config, new JsonLog("bench", "prime", new PrintStream(new ByteArrayOutputStream()),
                Clock.systemUTC()), Clock.systemUTC().instant());
    }

    /** The seed's monitor — per CID: GET /pins/{cid}; if pinned < 3, pin again — beside the sweep, same cluster. */
    private static void baseline(DynamoDbClient db, int cids) throws Exception {
        try (ChildJvm sim = ChildJvm.simulator(cids, "3g")) {
            URI url = sim.baseUrl();
            OkHttpClusterClient client = client(url);
            List<Cid> all = new ArrayList<>(cids);
            client.allocations(Set.of(PinType.PIN), p -> all.add(Cid.parse(p.cid())));
            long t0 = System.nanoTime();
            long repins = 0;
            for (Cid cid : all) {
                if (client.status(cid).pinnedCount() < 3) {
                    client.pin(cid, PinOptions.of("", 3, 3));
                    repins++;
                }
            }
            double baselineSeconds = (System.nanoTime() - t0) / 1e9;
            LedgerTable.createIfMissing(db, "small");
            SweepConfig small = config("small", url, 1000);
            prime(client, new SweepStore(db, "small"), small);
            SweepService sweep = HealthSweepApp.build(small, db, client, Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream()));
            sweep.run("warm-up");
            long t1 = System.nanoTime();
            SweepReport.Completed r = (SweepReport.Completed) sweep.run("bench");
            double sweepSeconds = (System.nanoTime() - t1) / 1e9;
            System.out.println("| on the same " + String.format("%,d", cids) + "-CID cluster | seconds | cluster requests | re-pins | knows regions, errors, peers |");
            System.out.println("|---|---|---|---|---|");
            System.out.printf("| seed monitor (GET /pins/{cid} each, re-pin if < 3) | %.1f | %,d | %d | no |%n", baselineSeconds, all.size() + repins, repins);
            System.out.printf("| health sweep (one streamed pass + delta) | %.1f | 5 | %d | yes |%n", sweepSeconds,
                    r.repairCount());
            System.out.printf("%nRatio: the sweep took %.1f%% of the baseline's time (%.0f× faster), with %,d× fewer requests.%n",
                    100 * sweepSeconds / baselineSeconds, baselineSeconds / sweepSeconds, (all.size() + repins) / 5);
        }
    }

    static SweepConfig config(String table, URI url, int maxRepairs) {
        return SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", url.toString(), "REPLICATION_MIN", "3",
                "MAX_REPAIRS_PER_SWEEP", Integer.toString(Math.min(maxRepairs, 100_000)), "SWEEP_TIME_BUDGET", "10m", "SWEEP_LEASE", "20m"));
    }

    static OkHttpClusterClient client(URI url) {
        return new OkHttpClusterClient(new ClusterClientConfig(url, new ClusterAuth.None(), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofMinutes(14), 0, Duration.ofMillis(100)), new OkHttpClient(), d -> { });
    }
}
