package me.grokme.pinning.bench;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.status.StatusConfig;
import me.grokme.pinning.status.StatusHttp;
import me.grokme.pinning.status.StatusReader;
import me.grokme.pinning.status.StatusService;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Issue #5: warm GET /status latency against DynamoDB Local (one GetItem per request) and the status
 * function's cold start on its shaded jar. The summary comes from a real sweep over a simulated cluster
 * with 12 peers and 10,000 pins.
 *
 * <p>Usage: {@code StatusBenchmark <status jar> <bench classes> [requests=20000] [coldRuns=5]}.
 */
public final class StatusBenchmark {

    private StatusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String benchClasses = args[1];
        int requests = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int coldRuns = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        server.start();
        String endpoint = "http://127.0.0.1:" + port;
        try (DynamoDbClient db = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("l", "l")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
                ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.ofPeers(12).withPinDelay(Duration.ZERO))) {
            LedgerTable.createIfMissing(db, "status-bench");
            sim.seedPinned(10_000, 3, false);
            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(sim.baseUrl(), new ClusterAuth.None()),
                    new OkHttpClient(), d -> { });
            HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", "status-bench", "CLUSTER_URL", sim.baseUrl().toString())),
                    db, client, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream())).run("bench");

            StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "status-bench"));
            StatusHttp http = new StatusHttp(new StatusService(new StatusReader(db, "status-bench"), config, Clock.systemUTC()), config);
            StatusHttp.Request get = new StatusHttp.Request("GET", "/status", Map.of("accept-encoding", "gzip"));
            for (int i = 0; i < 5_000; i++) {
                http.handle(get);
            }
            long[] lat = new long[requests];
            int bodyBytes = 0;
            for (int i = 0; i < requests; i++) {
                long t0 = System.nanoTime();
                StatusHttp.Response r = http.handle(get);
                lat[i] = System.nanoTime() - t0;
                bodyBytes = r.body().length;
            }
            Arrays.sort(lat);
            System.out.printf("| warm GET /status | %,d requests | p50 %.2f ms | p90 %.2f ms | p99 %.2f ms | max %.2f ms | gzip body %,d bytes |%n",
                    requests, lat[requests / 2] / 1e6, lat[(int) (requests * 0.9)] / 1e6, lat[(int) (requests * 0.99)] / 1e6,
                    lat[requests - 1] / 1e6, bodyBytes);

            List<Long> totals = new ArrayList<>();
            System.out.println();
            System.out.println("| cold run | JVM start → first response ms | handler construction ms | first request ms | status |");
            System.out.println("|---|---|---|---|---|");
            for (int i = 0; i < coldRuns; i++) {
                ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-cp", jar + ":" + benchClasses, "me.grokme.pinning.bench.StatusProbe");
                pb.environment().putAll(Map.of("LEDGER_TABLE", "status-bench", "DYNAMODB_ENDPOINT", endpoint, "AWS_REGION", "us-east-1",
                        "AWS_ACCESS_KEY_ID", "l", "AWS_SECRET_ACCESS_KEY", "l"));
                pb.redirectErrorStream(true);
                Process p = pb.start();
                String result = null;
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (line.startsWith("coldstart ")) {
                            result = line;
                        }
                    }
                }
                p.waitFor();
                if (result == null) {
                    throw new IllegalStateException("probe printed no result");
                }
                String[] f = result.split(" ");
                totals.add(Long.parseLong(f[1]));
                System.out.printf("| %d | %s | %s | %s | %s |%n", i + 1, f[1], f[2], f[3], f[4]);
            }
            List<Long> sorted = totals.stream().sorted().toList();
            System.out.println();
            System.out.println("Median cold start " + sorted.get(sorted.size() / 2) + " ms; jar " + jar.getFileName() + " " + Files.size(jar) / 1024
                    + " KiB; " + Machine.describe());
        } finally {
            server.stop();
        }
    }
}
