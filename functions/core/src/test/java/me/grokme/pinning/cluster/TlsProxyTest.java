package me.grokme.pinning.cluster;

import static me.grokme.pinning.cluster.ClusterClientContract.PINNED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped TLS proxy configuration (infrastructure/tls-proxy/Caddyfile), run by the real Caddy on loopback
 * (plain http there; TLS is Caddy's own) in front of a stand-in cluster: the functions' routes pass, others and
 * DELETE are refused before the cluster sees them, a long chunked stream arrives whole and its X-Stream-Error
 * trailer reaches the client. Skipped when caddy is not installed (Debian: apt-get install caddy).
 */
class TlsProxyTest {

    private static final Path CADDYFILE = Path.of("../../infrastructure/tls-proxy/Caddyfile");
    private static final Path CADDY = Path.of("/usr/bin/caddy");
    private static final int ITEMS = 3000;

    private static final MockWebServer CLUSTER = new MockWebServer();
    private static final List<String> SEEN = new CopyOnWriteArrayList<>();
    private static final AtomicReference<String> STREAM_ERROR = new AtomicReference<>("");
    private static Process caddy;
    private static String proxyUrl;

    @BeforeAll
    static void start(@TempDir Path home) throws Exception {
        assumeTrue(Files.isExecutable(CADDY), "caddy not installed (apt-get install caddy): skipping the TLS proxy test");
        String item = ClusterClientFixtureTest.fixture("status-pinned.json").strip() + "\n";
        String many = item.repeat(ITEMS);
        CLUSTER.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String path = r.getUrl().encodedPath();
                SEEN.add(r.getMethod() + " " + path);
                if (r.getMethod().equals("POST")) {
                    return ClusterClientFixtureTest.json(200, path.endsWith("/recover") ? "recover.json" : "pin-post.json");
                }
                return switch (path) {
                    case "/id" -> ClusterClientFixtureTest.json(200, "id.json");
                    case "/pins" -> new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
                            .addHeader("Trailer", "X-Stream-Error").chunkedBody(many, 4093)
                            .trailers(Headers.of("X-Stream-Error", STREAM_ERROR.get())).build();
                    default -> ClusterClientFixtureTest.json(200, "status-pinned.json");
                };
            }
        });
        CLUSTER.start(0);
        int port = freePort();
        proxyUrl = "http://127.0.0.1:" + port;
        ProcessBuilder pb = new ProcessBuilder(CADDY.toString(), "run", "--config", CADDYFILE.toString(), "--adapter", "caddyfile")
                .redirectErrorStream(true).redirectOutput(home.resolve("caddy.log").toFile());
        pb.environment().putAll(java.util.Map.of("HOME", home.toString(), "XDG_DATA_HOME", home.toString(),
                "XDG_CONFIG_HOME", home.toString(), "CADDY_ADMIN", "off", "CLUSTER_API_SITE", proxyUrl,
                "CLUSTER_API_UPSTREAM", "127.0.0.1:" + CLUSTER.getPort(), "GATEWAY_SITE", "http://127.0.0.1:" + freePort()));
        caddy = pb.start();
        awaitListening(port, home.resolve("caddy.log"));
    }

    @AfterAll
    static void stop() throws IOException, InterruptedException {
        if (caddy != null) {
            caddy.destroy();
            caddy.waitFor(10, TimeUnit.SECONDS);
        }
        CLUSTER.close();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Polls until caddy accepts connections (it starts in well under a second; 20 s only bounds a hang). */
    private static void awaitListening(int port, Path log) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            if (!caddy.isAlive()) {
                throw new AssertionError("caddy exited: " + Files.readString(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("caddy did not listen: " + Files.readString(log));
    }

    private static ClusterClient client() {
        return new OkHttpClusterClient(new ClusterClientConfig(URI.create(proxyUrl), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(20), 0, Duration.ofMillis(10)));
    }

    @Test
    void theFunctionsCallsPassAndALongChunkedStreamArrivesWhole() {
        ClusterClient client = client();
        assertEquals("eu-1", client.id().peername());
        assertEquals(PINNED.toString(), client.pin(PINNED, PinOptions.of("genesis-42", 2, 5)).cid());
        client.recover(PINNED);
        client.status(PINNED);
        STREAM_ERROR.set("");
        assertEquals(ITEMS, client.statusAll(StatusQuery.all(), g -> { }));
        assertTrue(SEEN.containsAll(List.of("GET /id", "POST /pins/ipfs/" + PINNED, "POST /pins/" + PINNED + "/recover",
                "GET /pins/" + PINNED, "GET /pins")), SEEN.toString());
    }

    @Test
    void theClusterStreamErrorTrailerReachesTheClient() {
        STREAM_ERROR.set("peer 12D3KooWLcgQjYsN did not answer");
        try {
            ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                    () -> client().statusAll(StatusQuery.all(), g -> { }));
            assertTrue(e.getMessage().contains("did not answer"), e.getMessage());
            assertEquals(ITEMS, e.itemsDelivered());
        } finally {
            STREAM_ERROR.set("");
        }
    }

    @Test
    void deleteAndRoutesTheFunctionsNeverCallAreRefusedBeforeTheCluster() throws IOException {
        OkHttpClient http = new OkHttpClient();
        List<Request> refused = new ArrayList<>();
        refused.add(new Request.Builder().url(proxyUrl + "/pins/" + PINNED).delete().build());
        refused.add(new Request.Builder().url(proxyUrl + "/pins/ipfs/" + PINNED).delete().build());
        refused.add(new Request.Builder().url(proxyUrl + "/pins/recover").post(RequestBody.EMPTY).build());
        refused.add(new Request.Builder().url(proxyUrl + "/add").post(RequestBody.EMPTY).build());
        refused.add(new Request.Builder().url(proxyUrl + "/peers/12D3KooWAKVDKUhwKaupFj9Jfbj47iWyx6nzPr31i7Q1ZYwz7abV").delete().build());
        refused.add(new Request.Builder().url(proxyUrl + "/pins/" + PINNED).post(RequestBody.EMPTY).build());
        refused.add(new Request.Builder().url(proxyUrl + "/pins/" + PINNED + "/..%2F..%2Fadd").post(RequestBody.EMPTY).build());
        refused.add(new Request.Builder().url(proxyUrl + "/version").build());
        int before = SEEN.size();
        for (Request r : refused) {
            try (Response response = http.newCall(r).execute()) {
                assertEquals(403, response.code(), r.method() + " " + r.url());
            }
        }
        assertEquals(before, SEEN.size(), "nothing refused reached the cluster: " + SEEN.subList(before, SEEN.size()));
    }

    @Test
    void theClusterRouteWaitsLongEnoughForTheSweepsStream() throws Exception {
        Process adapt = new ProcessBuilder(CADDY.toString(), "adapt", "--config", CADDYFILE.toString(), "--adapter", "caddyfile")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        JsonNode config = new ObjectMapper().readTree(new String(adapt.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, adapt.waitFor());
        List<JsonNode> proxies = new ArrayList<>();
        collect(config, proxies);
        List<JsonNode> toCluster = proxies.stream().filter(p -> p.path("upstreams").get(0).path("dial").asText().endsWith(":9094")).toList();
        assertFalse(toCluster.isEmpty(), proxies.toString());
        long atLeast = Duration.ofSeconds(180).toNanos();
        for (JsonNode p : toCluster) {
            assertTrue(p.path("transport").path("response_header_timeout").asLong() >= atLeast, p.toString());
            assertTrue(p.path("transport").path("read_timeout").asLong() >= atLeast, p.toString());
            assertEquals(-1, p.path("flush_interval").asLong(), "streams are passed on as they come");
        }
        config.path("apps").path("http").path("servers").forEach(s -> assertFalse(s.has("write_timeout"), "no write timeout cuts a stream"));
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isObject() && "reverse_proxy".equals(node.path("handler").asText())) {
            out.add(node);
        }
        node.forEach(child -> collect(child, out));
    }
}
