package me.grokme.pinning.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.webhook.Deliveries;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Issue #3's cold start: DynamoDB Local (server mode) and the simulator run here; each of N fresh JVMs runs
 * {@link ColdStartProbe} on the pin webhook's shaded jar with the production constructor and one delivery.
 *
 * <p>Usage: {@code ColdStartBenchmark <shaded jar> <bench classes dir> [runs=5]}.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        String benchClasses = args[1];
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DynamoDBProxyServer dynamo = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        dynamo.start();
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions())) {
            String endpoint = "http://127.0.0.1:" + port;
            try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(java.net.URI.create(endpoint)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                    .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                LedgerTable.createIfMissing(client, "cold-ledger");
            }
            List<Long> totals = new ArrayList<>();
            System.out.println("| run | JVM start → first response ms | handler construction ms | first request ms | status |");
            System.out.println("|---|---|---|---|---|");
            for (int i = 0; i < runs; i++) {
                Path event = Files.createTempFile("delivery", ".json");
                Files.writeString(event, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(WebhookBenchmark.mint(1_000_000L + i)));
                ProcessBuilder pb = new ProcessBuilder(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC",
                        "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", jar + ":" + benchClasses,
                        "me.grokme.pinning.bench.ColdStartProbe", event.toString());
                Map<String, String> env = pb.environment();
                env.putAll(Deliveries.environment("cold-ledger", sim.baseUrl().toString()));
                env.put("DYNAMODB_ENDPOINT", endpoint);
                env.put("AWS_REGION", "us-east-1");
                env.put("AWS_ACCESS_KEY_ID", "local");
                env.put("AWS_SECRET_ACCESS_KEY", "local");
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
                Files.delete(event);
                if (result == null) {
                    throw new IllegalStateException("probe printed no result");
                }
                String[] f = result.split(" ");
                totals.add(Long.parseLong(f[1]));
                System.out.printf("| %d | %s | %s | %s | %s |%n", i + 1, f[1], f[2], f[3], f[4]);
            }
            List<Long> sorted = totals.stream().sorted().toList();
            System.out.println();
            System.out.println("Median JVM start → first response: " + sorted.get(sorted.size() / 2) + " ms; jar " + jar.getFileName() + " "
                    + Files.size(jar) / 1024 + " KiB; " + Machine.describe());
        } finally {
            dynamo.stop();
        }
    }
}
