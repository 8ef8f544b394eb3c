package me.grokme.pinning.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** What the cold-start benchmarks share: DynamoDB Local on a loopback port, and fresh-JVM probe runs. */
final class ColdStarts {

    private ColdStarts() {
    }

    /** DynamoDB Local as a server, with a client for setting up tables. */
    record LocalDynamo(DynamoDBProxyServer server, String endpoint, DynamoDbClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            server.stop();
        }
    }

    static LocalDynamo startDynamo() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        server.start();
        String endpoint = "http://127.0.0.1:" + port;
        DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        return new LocalDynamo(server, endpoint, client);
    }

    /**
     * Runs {@code probe} {@code runs} times (run i gets {@code probeArgs.apply(i)}), each in a fresh JVM on {@code jar} (as Lambda starts Java), prints a
     * Markdown table of the probe's {@code coldstart <total> <construction> <first request> <status>} lines and
     * returns the median total in ms.
     */
    static long run(Path jar, String benchClasses, String probe, java.util.function.IntFunction<List<String>> probeArgs, Map<String, String> env,
            int runs) throws Exception {
        List<Long> totals = new ArrayList<>();
        System.out.println("| run | JVM start → first response ms | handler construction ms | first request ms | status |");
        System.out.println("|---|---|---|---|---|");
        for (int i = 0; i < runs; i++) {
            List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", jar + ":" + benchClasses, probe));
            cmd.addAll(probeArgs.apply(i));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
            pb.environment().putAll(env);
            pb.environment().putAll(Map.of("AWS_REGION", "us-east-1", "AWS_ACCESS_KEY_ID", "local", "AWS_SECRET_ACCESS_KEY", "local"));
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
        long median = totals.stream().sorted().toList().get(totals.size() / 2);
        System.out.println();
        System.out.println("Median JVM start → first response: " + median + " ms; jar " + jar.getFileName() + " " + Files.size(jar) / 1024
                + " KiB; " + Machine.describe());
        return median;
    }
}
