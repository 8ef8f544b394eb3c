package me.grokme.pinning.cluster;

import static me.grokme.pinning.cluster.ClusterClientContract.PINNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Several peers' URLs: a call moves on from a peer that is down to the next, and later calls start at the one
 * that answered. Loopback servers stand for the peers: a closed port (connection refused), a peer behind a
 * proxy that answers 503, one that accepts and never answers, and a live one serving the fixtures.
 */
class ClusterFailoverTest {

    private final MockWebServer live = new MockWebServer();
    private final List<String> liveRequests = new CopyOnWriteArrayList<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final CountDownLatch stop = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        live.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                liveRequests.add(r.getMethod() + " " + r.getUrl().encodedPath());
                String path = r.getUrl().encodedPath().replaceFirst("^/api", "");
                if (r.getMethod().equals("POST") && path.equals("/pins/ipfs/" + PINNED)) {
                    return ClusterClientFixtureTest.json(200, "pin-post.json");
                }
                return switch (path) {
                    case "/id" -> ClusterClientFixtureTest.json(200, "id.json");
                    case "/peers" -> ClusterClientFixtureTest.stream("peers.ndjson", "");
                    default -> new MockResponse.Builder().code(404).body("{\"code\":404,\"message\":\"not found\"}").build();
                };
            }
        });
        live.start(0);
    }

    @AfterEach
    void close() throws IOException {
        stop.countDown();
        live.close();
    }

    /** A loopback port nobody listens on: connecting is refused at once. */
    private static String refusedUrl() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    private static RawHttpServer unavailable() throws IOException {
        return new RawHttpServer("HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n"
                + "Connection: close\r\n\r\nno upstream");
    }

    /** Reads the request and never answers, until the test ends. */
    private RawHttpServer silent() throws IOException {
        return new RawHttpServer(out -> stop.await(), false);
    }

    private ClusterClient client(int retries, String... urls) {
        List<URI> uris = new ArrayList<>();
        for (String u : urls) {
            uris.add(URI.create(u));
        }
        ClusterClientConfig config = new ClusterClientConfig(uris, new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(5), retries, Duration.ofMillis(10));
        return new OkHttpClusterClient(config, new OkHttpClient(), sleeps::add);
    }

    private String liveUrl() {
        return live.url("/").toString();
    }

    @Test
    void aReadMovesOnFromARefusedPeerAtOnceAndLaterCallsStartAtTheOneThatAnswered() throws IOException {
        ClusterClient client = client(0, refusedUrl(), liveUrl());
        assertEquals("12D3KooWAKVDKUhwKaupFj9Jfbj47iWyx6nzPr31i7Q1ZYwz7abV", client.id().id());
        assertTrue(client.peers(p -> { }) > 0);
        assertEquals(List.of("GET /id", "GET /peers"), liveRequests);
        assertEquals(List.of(), sleeps, "moving to another peer waits for nothing");
    }

    @Test
    void aPeerAnswering5xxToAReadIsLeftForTheNextAndNotAskedAgain() throws IOException {
        try (RawHttpServer down = unavailable()) {
            ClusterClient client = client(0, down.url(), liveUrl());
            client.id();
            client.id();
            client.peers(p -> { });
            assertEquals(1, down.requests.get(), "the 503 peer was asked once, then the client remembered the live one");
            assertEquals(List.of("GET /id", "GET /id", "GET /peers"), liveRequests);
        }
    }

    @Test
    void aPinMovesOnWhenThePeerRefusedTheConnection() throws IOException {
        ClusterClient client = client(0, refusedUrl(), liveUrl());
        assertEquals(PINNED.toString(), client.pin(PINNED, PinOptions.of("genesis-42", 2, 5)).cid());
        assertEquals(List.of("POST /pins/ipfs/" + PINNED), liveRequests);
    }

    @Test
    void aPinAnsweredWith5xxOrUnansweredAfterItWasSentStaysWithItsPeer() throws IOException {
        try (RawHttpServer down = unavailable(); RawHttpServer mute = silent()) {
            ClusterApiException api = assertThrows(ClusterApiException.class,
                    () -> client(0, down.url(), liveUrl()).pin(PINNED, PinOptions.of("genesis-42", 2, 5)));
            assertEquals(503, api.httpStatus());
            ClusterUnreachableException timeout = assertThrows(ClusterUnreachableException.class,
                    () -> client(0, mute.url(), liveUrl()).pin(PINNED, PinOptions.of("genesis-42", 2, 5)));
            assertInstanceOf(java.io.InterruptedIOException.class, timeout.getCause());
            assertEquals(List.of(), liveRequests, "the pin may have been taken: the ledger retries it, not the client");
        }
    }

    @Test
    void aReadThatTimesOutMovesOn() throws IOException {
        try (RawHttpServer mute = silent()) {
            ClusterClient client = client(0, mute.url(), liveUrl());
            client.id();
            assertEquals(1, mute.requests.get());
            assertEquals(List.of("GET /id"), liveRequests);
        }
    }

    @Test
    void whenEveryPeerIsDownTheCallFailsAfterTryingEachAndRetriesCycleThroughThem() throws IOException {
        try (RawHttpServer a = unavailable(); RawHttpServer b = unavailable()) {
            ClusterApiException e = assertThrows(ClusterApiException.class, () -> client(2, a.url(), b.url()).id());
            assertEquals(503, e.httpStatus());
            // 1 try + 1 failover + 2 retries with backoff, alternating between the peers.
            assertEquals(2, a.requests.get());
            assertEquals(2, b.requests.get());
            assertEquals(2, sleeps.size());
        }
    }

    @Test
    void eachPeerKeepsItsOwnBasePath() throws IOException {
        ClusterClient client = client(0, refusedUrl() + "/cluster", live.url("/api/").toString());
        client.id();
        assertEquals(List.of("GET /api/id"), liveRequests);
    }
}
