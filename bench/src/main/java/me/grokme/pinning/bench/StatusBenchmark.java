package me.grokme.pinning.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import me.grokme.pinning.status.StatusApp;
import me.grokme.pinning.status.StatusHttp;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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
        try (ColdStarts.LocalDynamo dynamo = ColdStarts.startDynamo();
                ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.ofPeers(12).withPinDelay(Duration.ZERO))) {
            DynamoDbClient db = dynamo.client();
            LedgerTable.createIfMissing(db, "status-bench");
            sim.seedPinned(10_000, 3, false);
            OkHttpClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(sim.baseUrl(), new ClusterAuth.None()),
                    new OkHttpClient(), d -> { });
            HealthSweepApp.build(SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", "status-bench", "CLUSTER_URL", sim.baseUrl().toString())),
                    db, client, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream())).run("bench");

            StatusConfig config = StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "status-bench"));
            StatusHttp http = StatusApp.build(config, db, Clock.systemUTC());
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

            System.out.println();
            ColdStarts.run(jar, benchClasses, "me.grokme.pinning.bench.StatusProbe", i -> List.of(),
                    Map.of("LEDGER_TABLE", "status-bench", "DYNAMODB_ENDPOINT", dynamo.endpoint()), coldRuns);
        }
    }
}
