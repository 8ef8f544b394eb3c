package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * Issue #8 load: the local runner in its own JVM (a second process on loopback), the webhook route under
 * {@code load.senders} concurrent senders (16) for {@code load.seconds} (5 in CI; 60 for the recorded run:
 * {@code mvn verify -pl functions/local -Dit.test=WebhookLoadIT -Dload.seconds=60}). Every delivery is a
 * distinct signed mint. Asserts no error and that the ledger holds exactly the deliveries sent; prints
 * throughput and latency percentiles (recorded in RELIABILITY.md).
 */
class WebhookLoadIT {

    private static final int SENDERS = Integer.getInteger("load.senders", 16);
    private static final int SECONDS = Integer.getInteger("load.seconds", 5);

    @Test
    void sixteenSendersGetNoErrorsAndTheLedgerHoldsExactlyWhatWasSent() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process server = new ProcessBuilder(java.toString(), "-Xmx2g", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), LocalRunner.class.getName(), "--port", Integer.toString(port),
                "--sim-port", "0", "--sweep-every", "0", "--pin-delay", "100")
                .directory(Path.of("").toAbsolutePath().toFile()).redirectErrorStream(true).start();
        try {
            awaitReady(server);
            String base = "http://127.0.0.1:" + port;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
            AtomicLong ids = new AtomicLong();
            Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
            AtomicLong failures = new AtomicLong();
            List<long[]> latencies = new ArrayList<>();
            Instant end = Instant.now().plusSeconds(SECONDS);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < SENDERS; t++) {
                long[] mine = new long[200_000];
                latencies.add(mine);
                senders.add(Thread.ofPlatform().name("sender-" + t).start(() -> {
                    int n = 0;
                    while (Instant.now().isBefore(end)) {
                        long id = ids.incrementAndGet();
                        String body = Deliveries.body("logs", List.of(Deliveries.Mint.of(id, "ipfs://" + TestCids.raw((int) id))));
                        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(base + "/webhooks/logs")).timeout(Duration.ofSeconds(30))
                                .POST(HttpRequest.BodyPublishers.ofString(body));
                        Deliveries.signedHeaders("logs", body, Instant.now().getEpochSecond()).forEach(post::header);
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
                            statuses.computeIfAbsent(r.statusCode(), k -> new AtomicLong()).incrementAndGet();
                        } catch (Exception e) {
                            failures.incrementAndGet();
                        }
                        mine[n++] = System.nanoTime() - t0;
                    }
                    mine[mine.length - 1] = n;
                }));
            }
            for (Thread s : senders) {
                s.join();
            }
            long sent = ids.get();
            long[] all = latencies.stream().flatMapToLong(a -> Arrays.stream(a, 0, (int) a[a.length - 1])).sorted().toArray();
            long ok = statuses.getOrDefault(200, new AtomicLong()).get() + statuses.getOrDefault(202, new AtomicLong()).get();
            JsonNode ledger = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/local/ledger"))
                    .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofString()).body());
            System.out.printf("| %d senders | %d s | %,d deliveries | %,.0f/s | p50 %.1f ms | p99 %.1f ms | max %.1f ms | statuses %s | "
                    + "transport errors %d | ledger %s |%n", SENDERS, SECONDS, sent, sent / (double) SECONDS, all[all.length / 2] / 1e6,
                    all[(int) (all.length * 0.99)] / 1e6, all[all.length - 1] / 1e6, statuses, failures.get(), ledger);
            assertEquals(0, failures.get(), "transport errors");
            assertEquals(sent, ok, "every delivery answered 200/202: " + statuses);
            assertEquals(sent, ledger.path("log_accepted").asLong(), "one LOG item per delivery sent: " + ledger);
            assertEquals(sent, ledger.path("pin_submitted").asLong() + ledger.path("pin_pending").asLong(), "one pin request per mint");
            assertTrue(sent > SENDERS, "the load ran: " + sent);
        } finally {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    /** Reads the runner's output until it says it is up; the rest of its output is drained so it never blocks. */
    private static void awaitReady(Process server) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("runner-output").start(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("Ctrl-C to stop")) {
                        ready.complete(null);
                    }
                }
                ready.completeExceptionally(new IllegalStateException("the local runner exited"));
            } catch (Exception e) {
                ready.completeExceptionally(e);
            }
        });
        ready.get(120, TimeUnit.SECONDS);
    }
}
