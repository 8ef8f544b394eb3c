package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Transient DynamoDB errors on the wire, through the functions' own client ({@link DynamoDbClients}: the SDK's
 * standard retry policy, 3 attempts): an HTTP proxy in front of DynamoDB Local (as a server) answers the next N calls of an
 * operation with DynamoDB's throttling error instead of forwarding them. A few are retried by the SDK and the
 * write lands once; more than the retry budget surface as {@link LedgerUnavailableException} with nothing
 * written (the webhook then answers 503 and the indexer retries).
 */
class DynamoDbThrottlingIT {

    private static DynamoDBProxyServer dynamoServer;
    private static MockWebServer proxy;
    private static final AtomicInteger THROTTLE = new AtomicInteger();
    private static final AtomicInteger TRANSACTIONS_SEEN = new AtomicInteger();
    private static DynamoDbClient client;
    private String table;
    private static int tables;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        dynamoServer = ServerRunner.createServerFromCommandLineArgs(new String[] {"-inMemory", "-port", Integer.toString(port)});
        dynamoServer.start();
        String upstream = "http://127.0.0.1:" + port + "/";
        OkHttpClient http = new OkHttpClient();
        proxy = new MockWebServer();
        proxy.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                String target = request.getHeaders().get("X-Amz-Target");
                if (target != null && target.endsWith(".TransactWriteItems")) {
                    TRANSACTIONS_SEEN.incrementAndGet();
                    if (THROTTLE.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
                        return new MockResponse.Builder().code(400).addHeader("Content-Type", "application/x-amz-json-1.0")
                                .addHeader("x-amzn-RequestId", "THROTTLED")
                                .body("{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                                        + "\"message\":\"The level of configured provisioned throughput for the table was exceeded.\"}").build();
                    }
                }
                Headers.Builder headers = new Headers.Builder();
                request.getHeaders().forEach(h -> {
                    if (!h.getFirst().equalsIgnoreCase("Host") && !h.getFirst().equalsIgnoreCase("Content-Length")) {
                        headers.add(h.getFirst(), h.getSecond());
                    }
                });
                try (Response r = http.newCall(new Request.Builder().url(upstream).headers(headers.build())
                        .post(RequestBody.create(request.getBody().toByteArray(), MediaType.get("application/x-amz-json-1.0"))).build())
                        .execute()) {
                    return new MockResponse.Builder().code(r.code()).headers(r.headers()).body(r.body().string()).build();
                } catch (IOException e) {
                    return new MockResponse.Builder().code(502).build();
                }
            }
        });
        proxy.start();
        // The production factory reads region and credentials from the environment; give it local ones.
        System.setProperty("aws.region", "us-east-1");
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
        client = DynamoDbClients.create(Optional.of(URI.create(proxy.url("/").toString())));
    }

    @AfterAll
    static void stop() throws Exception {
        client.close();
        proxy.close();
        dynamoServer.stop();
    }

    @BeforeEach
    void table() {
        table = "throttled-" + (++tables);
        LedgerTable.createIfMissing(client, table);
        THROTTLE.set(0);
        TRANSACTIONS_SEEN.set(0);
    }

    private MintRecord mint(int i) {
        return new MintRecord(new LogKey(1, String.format("0x%064x", i), 0), Integer.toString(i),
                "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u", "genesis", 3, 5, 10, "", "alchemy");
    }

    private int items() {
        return client.scan(s -> s.tableName(table)).count();
    }

    @Test
    void aFewThrottledAttemptsAreRetriedByTheSdkAndTheMintLandsOnce() {
        THROTTLE.set(2);
        DynamoDbLedger ledger = new DynamoDbLedger(client, table, Clock.systemUTC());
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(1)));
        assertEquals(3, TRANSACTIONS_SEEN.get(), "2 throttled attempts, then the one that landed");
        assertEquals(3, items(), "LOG, PIN and TOKEN once each");
        assertInstanceOf(RecordOutcome.Duplicate.class, ledger.recordMint(mint(1)));
    }

    @Test
    void throttlingBeyondTheRetryBudgetSurfacesAsUnavailableWithNothingWritten() {
        THROTTLE.set(1_000);
        DynamoDbLedger ledger = new DynamoDbLedger(client, table, Clock.systemUTC());
        long t0 = System.nanoTime();
        LedgerUnavailableException e = assertThrows(LedgerUnavailableException.class, () -> ledger.recordMint(mint(2)));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertInstanceOf(ProvisionedThroughputExceededException.class, e.getCause());
        assertEquals(3, TRANSACTIONS_SEEN.get(), "the standard policy's 3 attempts");
        assertTrue(millis < DynamoDbClients.DEFAULT_CALL_BUDGET.toMillis(), "gave up within the call budget: " + millis + " ms");
        assertEquals(0, items(), "all or nothing");
        THROTTLE.set(0);
        assertInstanceOf(RecordOutcome.Recorded.class, ledger.recordMint(mint(2)), "the retry (the indexer's) records it");
    }
}
