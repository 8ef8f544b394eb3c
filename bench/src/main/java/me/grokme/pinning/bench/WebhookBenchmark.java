package me.grokme.pinning.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.webhook.Deliveries;
import me.grokme.pinning.webhook.PinWebhookApp;
import me.grokme.pinning.webhook.PinWebhookHandler;
import me.grokme.pinning.webhook.WebhookConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Issue #3's warm benchmark: the pin webhook handler in-process, DynamoDB Local in-process, the cluster
 * simulator on loopback. Every delivery is one signed Alchemy mint of a new CID, so every one does the full
 * path: verify, decode, ledger transaction, cluster pin, state update, operation record.
 *
 * <p>Usage: {@code WebhookBenchmark [seconds=30] [senders=8]}.
 */
public final class WebhookBenchmark {

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int senders = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withPinDelay(Duration.ZERO))) {
            DynamoDbClient dynamo = local.dynamoDbClient();
            LedgerTable.createIfMissing(dynamo, "bench-ledger");
            WebhookConfig config = WebhookConfig.fromEnvironment(Deliveries.environment("bench-ledger", sim.baseUrl().toString()));
            PrintStream sink = new PrintStream(new ByteArrayOutputStream() {
                @Override
                public synchronized void write(byte[] b, int off, int len) {
                    // logs are produced (that cost is real) but not kept
                }
            });
            PinWebhookHandler handler = new PinWebhookHandler(PinWebhookApp.builder(config,
                    new DynamoDbLedger(dynamo, "bench-ledger", Clock.systemUTC()), SecretResolver.plainOnly())
                    .clock(Clock.systemUTC()).logs(sink).build());
            AtomicLong counter = new AtomicLong();
            System.out.println("| phase | senders | deliveries | seconds | deliveries/s | p50 ms | p90 ms | p99 ms | max ms | non-200 |");
            System.out.println("|---|---|---|---|---|---|---|---|---|---|");
            run("warm-up", handler, counter, 1, 10, false);
            run("sequential", handler, counter, 1, 10, true);
            run("sustained", handler, counter, senders, seconds, true);
            System.out.println();
            System.out.println("Pins committed by the simulator: " + sim.pinCount() + "; JVM: " + Machine.describe());
        } finally {
            local.shutdown();
        }
    }

    static APIGatewayV2HTTPEvent mint(long n) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(ByteBuffer.allocate(8).putLong(n).array());
        byte[] bin = new byte[36];
        bin[0] = 1;
        bin[1] = 0x55;
        bin[2] = 0x12;
        bin[3] = 32;
        System.arraycopy(digest, 0, bin, 4, 32);
        String uri = "ipfs://" + Cid.fromBytes(bin);
        Deliveries.Mint m = new Deliveries.Mint(Deliveries.CONTRACT, n, uri, Deliveries.tx(n), 0, 21_000_000 + n, false);
        String body = Deliveries.alchemyBody(List.of(m));
        Map<String, String> headers = Deliveries.signedHeaders("alchemy", body, 0);
        return Deliveries.event("alchemy", headers, body);
    }

    private static void run(String phase, PinWebhookHandler handler, AtomicLong counter, int senders, int seconds, boolean print)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        AtomicLong failures = new AtomicLong();
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            futures.add(pool.submit(() -> {
                long[] lat = new long[1 << 20];
                int k = 0;
                while (System.nanoTime() < deadline && k < lat.length) {
                    APIGatewayV2HTTPEvent e = mint(counter.incrementAndGet());
                    long t0 = System.nanoTime();
                    APIGatewayV2HTTPResponse r = handler.handleRequest(e, null);
                    lat[k++] = System.nanoTime() - t0;
                    if (r.getStatusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
                return Arrays.copyOf(lat, k);
            }));
        }
        List<long[]> parts = new ArrayList<>();
        for (Future<long[]> f : futures) {
            parts.add(f.get());
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        long[] all = parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        if (print) {
            System.out.printf("| %s | %d | %,d | %.1f | %,.0f | %.2f | %.2f | %.2f | %.2f | %d |%n", phase, senders, all.length, elapsed,
                    all.length / elapsed, pct(all, 50), pct(all, 90), pct(all, 99), all[all.length - 1] / 1e6, failures.get());
        }
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }
}
