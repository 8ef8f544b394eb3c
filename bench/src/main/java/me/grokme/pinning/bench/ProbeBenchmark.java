package me.grokme.pinning.bench;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.devcluster.RealClusterConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.RetrievalRecordCodec;
import me.grokme.pinning.probe.ProbeConfig;
import me.grokme.pinning.probe.ProbeReport;
import me.grokme.pinning.probe.RetrievalProbeApp;
import me.grokme.pinning.testing.ItemSize;
import me.grokme.pinning.verify.GatewayVerifier;
import me.grokme.pinning.verify.Verification;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Retrieval probes on the real 3-peer cluster (ipfs-cluster + kubo on loopback): probes per second per region and
 * bytes verified per second, for the root-block check and the whole-DAG checks (one CAR; block by block), then one whole probe run through
 * {@code ProbeService} on DynamoDB Local for the writes per probe and the PROBE item's size.
 *
 * <p>Usage: {@code bin/bench probe [small=150] [large=50] [concurrency=8]}: {@code small} single-block 2 KiB JSON
 * documents and {@code large} 1 MiB files (4 raw leaves under a dag-pb root), added on us-1 and pinned on all three peers.
 */
public final class ProbeBenchmark {

    private ProbeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int small = args.length > 0 ? Integer.parseInt(args[0]) : 150;
        int large = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int concurrency = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (RealCluster cluster = RealCluster.start(RealClusterConfig.threeRegions(Path.of("target", "real-cluster", "probe-bench").toAbsolutePath()))) {
            ClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(cluster.peer("eu-1").apiUrl(),
                    new ClusterAuth.Basic(cluster.user(), cluster.password())));
            List<Cid> cids = content(cluster, client, small, large);
            HttpClient http = HttpClient.newHttpClient();
            System.out.println("| region | check | probes | seconds | probes/s | MB verified | MB/s verified | failed |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (RealCluster.Peer p : cluster.peers()) {
                GatewayVerifier g = new GatewayVerifier(p.gatewayUrl(), http, Duration.ofSeconds(30));
                measure(p.region(), "root block", cids, concurrency, (v, c) -> v.verifyRoot(c), g); // warm-up
                System.out.println(measure(p.region(), "root block", cids, concurrency, (v, c) -> v.verifyRoot(c), g));
                System.out.println(measure(p.region(), "whole DAG (CAR)", cids, concurrency, (v, c) -> v.verifyDag(c, 64L << 20), g));
                System.out.println(measure(p.region(), "whole DAG (block by block)", cids, concurrency, (v, c) -> v.verifyDagByBlocks(c, 64L << 20), g));
            }
            writesPerProbe(cluster, client, cids, concurrency);
            System.out.println();
            System.out.println("JVM: " + Machine.describe());
        }
    }

    private static List<Cid> content(RealCluster cluster, ClusterClient client, int small, int large) throws InterruptedException {
        Random random = new Random(42);
        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < small + large; i++) {
            byte[] bytes;
            if (i < small) {
                bytes = ("{\"name\":\"GROKME #" + i + "\",\"pad\":\"" + "x".repeat(2000) + "\"}").getBytes(StandardCharsets.UTF_8);
            } else {
                bytes = new byte[1 << 20];
                random.nextBytes(bytes);
            }
            Cid cid = Cid.parse(cluster.addBytes("us-1", bytes));
            client.pin(cid, PinOptions.of("bench-" + i, 3, 3));
            cids.add(cid);
        }
        Instant end = Instant.now().plus(Duration.ofMinutes(5));
        for (Cid cid : cids) {
            while (client.status(cid).pinnedCount() < 3) {
                if (Instant.now().isAfter(end)) {
                    throw new IllegalStateException("not pinned on 3 peers in time: " + cid + "\n" + cluster.logTails());
                }
                Thread.sleep(200);
            }
        }
        return cids;
    }

    private static String measure(String region, String check, List<Cid> cids, int concurrency,
                                  BiFunction<GatewayVerifier, Cid, Verification> probe, GatewayVerifier g) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        try {
            long t0 = System.nanoTime();
            List<Future<Verification>> results = new ArrayList<>();
            cids.forEach(c -> results.add(pool.submit(() -> probe.apply(g, c))));
            long bytes = 0;
            int failed = 0;
            for (Future<Verification> f : results) {
                if (f.get() instanceof Verification.Verified v) {
                    bytes += v.bytes();
                } else {
                    failed++;
                }
            }
            double s = (System.nanoTime() - t0) / 1e9;
            return String.format("| %s | %s | %,d | %.2f | %,.0f | %.1f | %.1f | %d |", region, check, cids.size(), s, cids.size() / s,
                    bytes / 1e6, bytes / 1e6 / s, failed);
        } finally {
            pool.shutdownNow();
        }
    }

    /** One ProbeService run over every CID (DynamoDB Local, in-process): writes per probe and the PROBE item's size. */
    private static void writesPerProbe(RealCluster cluster, ClusterClient client, List<Cid> cids, int concurrency) {
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
        try {
            DynamoDbClient dynamo = local.dynamoDbClient();
            LedgerTable.createIfMissing(dynamo, "bench-probe");
            DynamoDbLedger ledger = new DynamoDbLedger(dynamo, "bench-probe", Clock.systemUTC());
            int i = 0;
            for (Cid cid : cids) {
                i++;
                ledger.recordMint(new MintRecord(new LogKey(1, String.format("0x%064x", i), 0), Integer.toString(i), cid.toString(),
                        "genesis", 3, 5, i, "", "logs"));
                ledger.markSubmitted(cid.toString(), Instant.now());
                ledger.markPinned(cid.toString(), Instant.now());
            }
            Map<String, String> env = new HashMap<>();
            env.put("LEDGER_TABLE", "bench-probe");
            env.put("CLUSTER_URL", cluster.peer("eu-1").apiUrl().toString());
            Map<String, String> gateways = new LinkedHashMap<>();
            cluster.peers().forEach(p -> gateways.put(p.region(), p.gatewayUrl().toString()));
            env.put("PROBE_GATEWAYS", String.join(",", gateways.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            env.put("PROBE_PERIOD", "1h"); // one run covers every CID
            env.put("PROBE_RUN_INTERVAL", "1h");
            env.put("PROBE_CONCURRENCY", Integer.toString(concurrency));
            env.put("PROBE_DAG_PERCENT", "10");
            ProbeReport r = RetrievalProbeApp.build(ProbeConfig.fromEnvironment(env), dynamo, client, Clock.systemUTC(), new Random(1),
                    new java.io.PrintStream(java.io.OutputStream.nullOutputStream())).run();
            long itemBytes = ItemSize.bytes(dynamo.getItem(g -> g.tableName("bench-probe").key(RetrievalRecordCodec.key(cids.get(0).toString()))).item());
            System.out.println();
            System.out.printf("ProbeService run: %d CIDs × %d regions (10 %% with the whole DAG, block by block) in %.2f s = %.1f CIDs/s, %d verified everywhere, "
                            + "%d DynamoDB write requests (%.2f per CID probed), PROBE item %d bytes, %.1f MB verified%n",
                    r.probed(), gateways.size(), r.duration().toMillis() / 1000.0, r.probed() / (r.duration().toMillis() / 1000.0), r.verified(),
                    r.writes(), (double) r.writes() / r.probed(), itemBytes, r.bytesVerified() / 1e6);
        } finally {
            local.shutdown();
        }
    }
}
