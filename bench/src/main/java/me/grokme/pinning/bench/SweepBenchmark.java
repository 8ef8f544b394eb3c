package me.grokme.pinning.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
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
 * beside this JVM, which should be started with {@code -Xmx512m}. The sweep's compact state is primed
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
        int dynamoPort = freePort();
        Process dynamo = child(List.of("-Xmx1g", "me.grokme.pinning.bench.DynamoLocalServer", Integer.toString(dynamoPort)), "dynamodb-local ready");
        try {
            DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:" + dynamoPort))
                    .region(Region.US_EAST_1).credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
            System.out.println("| run | CIDs | seconds | CIDs/s | peak heap MiB | health writes | state item writes | cluster requests |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            fullSweeps(db, cids, "big", 2);
            System.out.println();
            baseline(db, baselineCids);
            System.out.println();
            System.out.println("Sweep JVM: " + Machine.describe());
        } finally {
            dynamo.destroy();
            dynamo.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void fullSweeps(DynamoDbClient db, int cids, String table, int runs) throws Exception {
        Process sim = child(List.of("-Xmx6g", "-XX:+UseParallelGC", "me.grokme.pinning.clustersim.SimulatorMain", "--port", "0",
                "--peers", "3", "--pin-delay", "0", "--seed", Integer.toString(cids)), "cluster-sim listening on");
        try {
            URI url = URI.create(simUrl);
            LedgerTable.createIfMissing(db, table);
            OkHttpClusterClient client = client(url);
            SweepConfig config = config(table, url, Integer.MAX_VALUE / 2);
            prime(client, new SweepStore(db, table), config);
            SweepService sweep = HealthSweepApp.build(config, db, client, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
            for (int i = 1; i <= runs; i++) {
                Machine.resetHeapPeaks();
                long t0 = System.nanoTime();
                SweepReport.Completed r = (SweepReport.Completed) sweep.run("bench-" + i);
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf("| sweep %d | %,d | %.1f | %,.0f | %.0f | %d | %d | %s |%n", i, r.cidsChecked(), s, r.cidsChecked() / s,
                        Machine.peakHeapMiB(), r.healthWrites(), r.stateItemWrites(), "5 (ping, tag:region, freespace, /allocations, /pins)");
            }
        } finally {
            sim.destroy();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Writes the state buckets a previous sweep would have left, without the per-CID records: the production status
     * pass with nothing recorded but the fingerprints.
     */
    private static void prime(OkHttpClusterClient client, SweepStore store, SweepConfig config) {
        StatusPass.saveFingerprintsOnly(client, store, config, new JsonLog("bench", "prime", new PrintStream(new ByteArrayOutputStream()),
                Clock.systemUTC()), Clock.systemUTC().instant());
    }

    /** The seed's monitor — per CID: GET /pins/{cid}; if pinned < 3, pin again — beside the sweep, same cluster. */
    private static void baseline(DynamoDbClient db, int cids) throws Exception {
        Process sim = child(List.of("-Xmx3g", "me.grokme.pinning.clustersim.SimulatorMain", "--port", "0", "--peers", "3",
                "--pin-delay", "0", "--seed", Integer.toString(cids)), "cluster-sim listening on");
        try {
            URI url = URI.create(simUrl);
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
        } finally {
            sim.destroy();
            sim.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static SweepConfig config(String table, URI url, int maxRepairs) {
        return SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", url.toString(), "REPLICATION_MIN", "3",
                "MAX_REPAIRS_PER_SWEEP", Integer.toString(Math.min(maxRepairs, 100_000)), "SWEEP_TIME_BUDGET", "10m", "SWEEP_LEASE", "20m"));
    }

    private static OkHttpClusterClient client(URI url) {
        return new OkHttpClusterClient(new ClusterClientConfig(url, new ClusterAuth.None(), Duration.ofSeconds(5), Duration.ofSeconds(60),
                Duration.ofSeconds(60), Duration.ofMinutes(5), 0, Duration.ofMillis(100)), new OkHttpClient(), d -> { });
    }

    private static volatile String simUrl;

    private static Process child(List<String> args, String readyPrefix) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith(readyPrefix)) {
                int at = line.indexOf("http://127.0.0.1:");
                if (at >= 0) {
                    simUrl = line.substring(at).split(" ")[0];
                }
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                return p;
            }
        }
        throw new IllegalStateException("child exited before it was ready: " + args);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }


}
