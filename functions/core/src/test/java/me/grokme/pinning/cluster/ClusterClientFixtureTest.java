package me.grokme.pinning.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.cid.Cid;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against response bodies written in the real REST API's JSON shape (src/test/resources/cluster,
 * built from the API reference's field tables and examples), served by OkHttp's MockWebServer.
 */
class ClusterClientFixtureTest extends ClusterClientContract {

    private final MockWebServer server = new MockWebServer();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private ClusterClient client;

    static String fixture(String name) {
        try (InputStream in = ClusterClientFixtureTest.class.getResourceAsStream("/cluster/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MockResponse json(int code, String fixture) {
        return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json").body(fixture(fixture)).build();
    }

    /** The real cluster's stream: chunked NDJSON, a declared X-Stream-Error trailer, empty on success. */
    static MockResponse stream(String fixture, String streamError) {
        return new MockResponse.Builder().code(200)
                .addHeader("Content-Type", "application/json")
                .addHeader("Trailer", "X-Stream-Error")
                .chunkedBody(fixture(fixture), 97)
                .trailers(Headers.of("X-Stream-Error", streamError))
                .build();
    }

    /** Routes requests like a three-peer cluster that has pinned {@link #PINNED} as genesis-42. */
    private final Dispatcher cluster = new Dispatcher() {
        @Override
        public MockResponse dispatch(RecordedRequest r) {
            String path = r.getUrl().encodedPath();
            String method = r.getMethod();
            String pinned = PINNED.toString();
            if (method.equals("POST") && path.equals("/pins/ipfs/" + pinned)) {
                return json(200, "pin-post.json");
            }
            if (method.equals("DELETE") && path.equals("/pins/" + pinned)) {
                return json(200, "pin-post.json"); // the removed pin, as the API answers an unpin
            }
            if (method.equals("DELETE")) {
                return json(404, "error-404.json");
            }
            if (method.equals("POST") && path.equals("/pins/" + pinned + "/recover")) {
                return json(200, "recover.json");
            }
            if (method.equals("GET")) {
                switch (path) {
                    case "/id": return json(200, "id.json");
                    case "/peers": return stream("peers.ndjson", "");
                    case "/monitor/metrics/tag:region": return json(200, "metrics-tag-region.json");
                    case "/monitor/metrics/freespace": return json(200, "metrics-freespace.json");
                    case "/health/alerts": return json(200, "alerts.json");
                    case "/allocations":
                        return "meta-pin".equals(r.getUrl().queryParameter("filter"))
                                ? new MockResponse.Builder().code(204).build() : stream("allocations.ndjson", "");
                    case "/pins":
                        return r.getUrl().queryParameter("cids") != null
                                ? stream("status-pinned.json", "") : stream("status-all.ndjson", "");
                    default:
                        if (path.equals("/pins/" + pinned)) {
                            return json(200, "status-pinned.json");
                        }
                        if (path.equals("/allocations/" + pinned)) {
                            return json(200, "allocation.json");
                        }
                        if (path.startsWith("/allocations/")) {
                            return json(404, "error-404.json");
                        }
                }
            }
            return new MockResponse.Builder().code(404).body("{\"code\":404,\"message\":\"not found\"}").build();
        }
    };

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(cluster);
        server.start(0);
        client = clientFor(server.url("/").toString(), new ClusterAuth.Basic("admin", "s3cret-pw"), 2);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private ClusterClient clientFor(String url, ClusterAuth auth, int retries) {
        ClusterClientConfig config = new ClusterClientConfig(URI.create(url), auth, Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), retries, Duration.ofMillis(100));
        return new OkHttpClusterClient(config, new OkHttpClient(), sleeps::add);
    }

    @Override
    protected ClusterClient client() {
        return client;
    }

    @Override
    protected void awaitPinned(Cid cid) {
        // The fixtures already show the CID pinned everywhere.
    }

    private void serveOnly(MockResponse... responses) {
        server.setDispatcher(new mockwebserver3.QueueDispatcher());
        for (MockResponse r : responses) {
            server.enqueue(r);
        }
    }

    @Test
    void pinSendsEveryOptionAsAnEncodedQueryParameterWithBasicAuth() throws InterruptedException {
        PinOptions options = PinOptions.of("genesis 42 & co+", 3, 5)
                .withMetadata(Map.of("tokenId", "42", "capsule", "ünïcode/?&="))
                .withUserAllocations(List.of("12D3KooWAKVDKUhwKaupFj9Jfbj47iWyx6nzPr31i7Q1ZYwz7abV"))
                .withExpireAt(Instant.parse("2030-01-02T03:04:05Z"));
        client.pin(PINNED, options);
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertEquals("POST", r.getMethod());
        assertEquals("/pins/ipfs/" + PINNED, r.getUrl().encodedPath());
        assertEquals("genesis 42 & co+", r.getUrl().queryParameter("name"));
        assertEquals("recursive", r.getUrl().queryParameter("mode"));
        assertEquals("3", r.getUrl().queryParameter("replication-min"));
        assertEquals("5", r.getUrl().queryParameter("replication-max"));
        assertEquals("42", r.getUrl().queryParameter("meta-tokenId"));
        assertEquals("ünïcode/?&=", r.getUrl().queryParameter("meta-capsule"));
        assertEquals("2030-01-02T03:04:05Z", r.getUrl().queryParameter("expire-at"));
        assertEquals("12D3KooWAKVDKUhwKaupFj9Jfbj47iWyx6nzPr31i7Q1ZYwz7abV", r.getUrl().queryParameter("user-allocations"));
        assertTrue(r.getUrl().encodedQuery().contains("name=genesis%2042%20%26%20co%2B"), r.getUrl().encodedQuery());
        assertEquals("Basic YWRtaW46czNjcmV0LXB3", r.getHeaders().get("Authorization"));
    }

    @Test
    void bearerTokenIsSentAsAuthorizationHeader() throws InterruptedException {
        ClusterClient bearer = clientFor(server.url("/").toString(), new ClusterAuth.Bearer("eyJhbGciOi.x.y"), 0);
        bearer.id();
        assertEquals("Bearer eyJhbGciOi.x.y", server.takeRequest(1, TimeUnit.SECONDS).getHeaders().get("Authorization"));
    }

    @Test
    void everyFieldOfAMixedStatusIsParsed() {
        serveOnly(json(200, "status-mixed.json"));
        GlobalPinInfo g = client.status(PINNED);
        assertEquals(4, g.peerMap().size());
        assertEquals(1, g.pinnedCount());
        PinInfoShort eu = g.peerMap().get("12D3KooWAKVDKUhwKaupFj9Jfbj47iWyx6nzPr31i7Q1ZYwz7abV");
        assertEquals("eu-1", eu.peername());
        assertEquals(Optional.of("12D3KooWDfYvMwu5yjXdg2STG4DL7mKPBGA919tJogRoqWrW6Mqz"), eu.ipfsPeerId());
        assertEquals(List.of("/ip4/203.0.113.10/tcp/4001"), eu.ipfsPeerAddresses());
        PinInfoShort us = g.peerMap().get("12D3KooWLcgQjYsNmosypzzLp9KmDRhTCfZgYMf9AW5aVNzHC2ee");
        assertEquals(TrackerStatus.PIN_ERROR, us.status());
        assertEquals("context canceled", us.error());
        assertEquals(2, us.attemptCount());
        assertTrue(us.priorityPin());
        assertEquals(Instant.parse("2026-11-24T10:19:40.500Z"), us.timestamp());
        PinInfoShort asia = g.peerMap().get("12D3KooWNkGC5NvCiPjQX4jdNUrRtD7BjJtxHaoazXVTuHwE3zUc");
        assertEquals(TrackerStatus.CLUSTER_ERROR, asia.status());
        assertTrue(asia.ipfsPeerId().isEmpty(), "omitted ipfs_peer_id is empty, not null");
        assertTrue(asia.ipfsPeerAddresses().isEmpty());
        assertEquals(Instant.parse("2026-11-24T10:20:01.000000001Z"), asia.timestamp());
        PinInfoShort remote = g.peerMap().get("12D3KooWP1VoPxUfsRAcu8afJSwP6pGYokUXwcFGGcggMJRkaEyJ");
        assertEquals(TrackerStatus.REMOTE, remote.status());
        assertEquals(Instant.parse("2026-11-24T08:20:01.000000001Z"), remote.timestamp(), "offset +02:00 applied");
    }

    @Test
    void pinFromPostHasNanosecondTimestampAndNullListsAsEmpty() {
        Pin pin = client.pin(PINNED, GENESIS_42);
        assertEquals(Instant.parse("2026-11-24T10:15:02.123456789Z"), pin.timestamp());
        assertTrue(pin.origins().isEmpty());
        assertTrue(pin.userAllocations().isEmpty());
    }

    @Test
    void unknownStatusStringsMapToUnknownAndNullMetadataIsEmpty() {
        List<GlobalPinInfo> all = new ArrayList<>();
        client.statusAll(StatusQuery.all(), all::add);
        GlobalPinInfo second = all.get(1);
        assertEquals("QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", second.cid());
        assertTrue(second.metadata().isEmpty());
        assertTrue(second.peerMap().values().stream().anyMatch(p -> p.status() == TrackerStatus.UNKNOWN));
        assertTrue(second.peerMap().values().stream().anyMatch(p -> p.status() == TrackerStatus.UNEXPECTEDLY_UNPINNED));
    }

    @Test
    void aFailingPeerInsideThePeersStreamIsKeptWithItsError() {
        serveOnly(stream("peers-with-failure.ndjson", ""));
        List<ClusterPeer> peers = new ArrayList<>();
        client.peers(peers::add);
        assertEquals(2, peers.size());
        ClusterPeer failing = peers.get(1);
        assertEquals("context deadline exceeded", failing.error());
        assertTrue(failing.addresses().isEmpty());
        assertTrue(!failing.healthy());
    }

    @Test
    void alertsAndMetricsKeepNanosecondTimes() {
        List<Alert> alerts = client.alerts();
        assertEquals(1, alerts.size());
        assertEquals(1795515332000000000L, alerts.get(0).metric().expireNanos());
        assertEquals(Instant.parse("2026-11-24T10:15:40.25Z"), alerts.get(0).triggeredAt());
        assertTrue(alerts.get(0).metric().isLive(Instant.ofEpochSecond(1795515300L)));
        assertTrue(!alerts.get(0).metric().isLive(Instant.ofEpochSecond(1795515333L)));
    }

    @Test
    void streamWithAnErrorTrailerIsIncompleteAfterDeliveringItsItems() {
        serveOnly(stream("status-all.ndjson", "peer 12D3KooW... failed: context canceled"));
        List<GlobalPinInfo> got = new ArrayList<>();
        ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                () -> client.statusAll(StatusQuery.all(), got::add));
        assertEquals(2, e.itemsDelivered());
        assertEquals(2, got.size());
        assertTrue(e.getMessage().contains("context canceled"), e.getMessage());
    }

    @Test
    void chunkedBodyCutBeforeItsTerminatorIsIncompleteNeverShort() throws IOException {
        String line = fixture("status-pinned.json");
        String chunk = Integer.toHexString(line.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + line + "\r\n";
        try (RawHttpServer raw = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Trailer: X-Stream-Error\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)) {
            List<GlobalPinInfo> got = new ArrayList<>();
            ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                    () -> clientFor(raw.url(), new ClusterAuth.None(), 2).statusAll(StatusQuery.all(), got::add));
            assertEquals(1, e.itemsDelivered());
            assertEquals(1, got.size());
            assertEquals(1, raw.connections.get(), "a stream that delivered items is never retried");
        }
    }

    @Test
    void cutInsideAnItemIsIncomplete() throws IOException {
        String half = fixture("status-pinned.json").substring(0, 120);
        String chunk = Integer.toHexString(half.length()) + "\r\n" + half + "\r\n0\r\n\r\n";
        try (RawHttpServer raw = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunk)) {
            assertThrows(ClusterStreamIncompleteException.class,
                    () -> clientFor(raw.url(), new ClusterAuth.None(), 0).statusAll(StatusQuery.all(), g -> { }));
        }
    }

    @Test
    void announcedTrailerThatNeverArrivesMeansIncomplete() throws IOException {
        String line = fixture("status-pinned.json");
        String chunk = Integer.toHexString(line.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + line + "\r\n0\r\n\r\n";
        try (RawHttpServer raw = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Trailer: X-Stream-Error\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)) {
            ClusterStreamIncompleteException e = assertThrows(ClusterStreamIncompleteException.class,
                    () -> clientFor(raw.url(), new ClusterAuth.None(), 0).statusAll(StatusQuery.all(), g -> { }));
            assertTrue(e.getMessage().contains("never arrived"), e.getMessage());
        }
    }

    @Test
    void unannouncedTrailerWithAProperlyTerminatedBodyIsComplete() throws IOException {
        String line = fixture("status-pinned.json");
        String chunk = Integer.toHexString(line.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + line + "\r\n0\r\n\r\n";
        try (RawHttpServer raw = new RawHttpServer("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n" + chunk)) {
            assertEquals(1, clientFor(raw.url(), new ClusterAuth.None(), 0).statusAll(StatusQuery.all(), g -> { }));
        }
    }

    /**
     * A streamed route that fails before its first item, framed as Go's net/http frames ipfs-cluster's
     * StreamResponse: the Trailer header is declared, so the 500 has no length and comes chunked, then the
     * connection stays open for the next request.
     */
    static String goChunked500(String message, String trailerSection) {
        String body = "{\"code\":500,\"message\":\"" + message + "\"}\n";
        return "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nTrailer: X-Stream-Error\r\n"
                + "Date: Wed, 02 Dec 2026 00:30:00 GMT\r\nTransfer-Encoding: chunked\r\n\r\n"
                + Integer.toHexString(body.getBytes(StandardCharsets.UTF_8).length) + "\r\n" + body + "\r\n"
                + "0\r\n" + trailerSection + "\r\n";
    }

    @Test
    void chunkedErrorBeforeTheFirstItemKeepsTheClusterMessage() throws IOException {
        String message = "error listing pins: peer 12D3KooWNkGC5NvC: context deadline exceeded";
        try (RawHttpServer raw = new RawHttpServer(goChunked500(message, ""), true)) {
            ClusterApiException e = assertThrows(ClusterApiException.class,
                    () -> clientFor(raw.url(), new ClusterAuth.None(), 0).statusAll(StatusQuery.all(), g -> { }));
            assertEquals(500, e.httpStatus());
            assertEquals(message, e.clusterMessage());
            assertEquals("ClusterApiException HTTP 500: " + message, e.summary());
        }
    }

    @Test
    void chunkedErrorWithATrailerKeepsTheClusterMessageOnEveryRetry() throws IOException {
        String message = "not enough peers to allocate CID";
        try (RawHttpServer raw = new RawHttpServer(goChunked500(message, "X-Stream-Error: " + message + "\r\n"), true)) {
            ClusterApiException e = assertThrows(ClusterApiException.class,
                    () -> clientFor(raw.url(), new ClusterAuth.None(), 2).allocations(Set.of(), p -> { }));
            assertEquals(message, e.clusterMessage());
            assertEquals(3, raw.requests.get(), "1 try + 2 retries of a stream that delivered nothing");
            assertEquals(1, raw.connections.get(), "the chunked error is read to its end, so the connection is reused");
        }
    }

    @Test
    void firstPinAfterAProxyClosedTheIdleConnectionSucceeds() throws Exception {
        try (IdleClosingProxy proxy = new IdleClosingProxy(server.getPort(), Duration.ofMillis(200))) {
            ClusterClient behindProxy = clientFor(proxy.url(), new ClusterAuth.None(), 0);
            behindProxy.pin(PINNED, GENESIS_42);
            proxy.awaitIdleCloses(1);
            assertEquals(PINNED.toString(), behindProxy.pin(PINNED, GENESIS_42).cid());
            assertEquals(2, proxy.connections.get(), "the pin went again on a fresh connection");
            assertEquals(2, server.getRequestCount(), "the cluster saw each pin once");
            assertTrue(sleeps.isEmpty(), "a fresh connection needs no backoff");
        }
    }

    @Test
    void aConnectionThatKeepsBreakingIsRetriedOnceOnlyThenUnreachable() throws IOException {
        try (RawHttpServer hangsUp = new RawHttpServer(out -> { }, false)) {
            ClusterUnreachableException e = assertThrows(ClusterUnreachableException.class,
                    () -> clientFor(hangsUp.url(), new ClusterAuth.None(), 0).pin(PINNED, GENESIS_42));
            assertTrue(e.connectionBroken());
            assertEquals(2, hangsUp.requests.get(), "one try and one retry on a fresh connection");
        }
    }

    @Test
    void unauthorizedIsAnAuthErrorCarryingTheClusterMessage() {
        serveOnly(json(401, "error-401.json"));
        ClusterAuthException e = assertThrows(ClusterAuthException.class, () -> client.id());
        assertEquals(401, e.httpStatus());
        assertEquals("unauthorized: access denied", e.clusterMessage());
        assertTrue(!e.getMessage().contains("s3cret-pw"), "credentials never in messages");
    }

    @Test
    void forbiddenIsAnAuthError() {
        serveOnly(new MockResponse.Builder().code(403).body("forbidden").build());
        assertEquals(403, assertThrows(ClusterAuthException.class, () -> client.id()).httpStatus());
    }

    @Test
    void businessRuleRefusalIsAnApiErrorWithTheClusterMessageAndPinIsNotRetried() {
        serveOnly(json(500, "error-500.json"), json(200, "pin-post.json"));
        ClusterApiException e = assertThrows(ClusterApiException.class, () -> client.pin(PINNED, GENESIS_42));
        assertEquals(500, e.httpStatus());
        assertTrue(e.clusterMessage().startsWith("not enough peers to allocate CID"), e.clusterMessage());
        assertEquals(1, server.getRequestCount(), "POST /pins is never retried by the client");
    }

    @Test
    void idempotentReadsAreRetriedOn5xxWithBackoffUpToTheLimit() {
        MockResponse unavailable = new MockResponse.Builder().code(503).body("<html>bad gateway</html>").build();
        serveOnly(unavailable, unavailable, json(200, "id.json"));
        assertEquals("eu-1", client.id().peername());
        assertEquals(3, server.getRequestCount());
        assertEquals(2, sleeps.size());
        assertTrue(sleeps.get(1).compareTo(Duration.ofMillis(100)) >= 0);
    }

    @Test
    void retriesStopAtTheLimitAndSurfaceANonJsonErrorBody() {
        MockResponse unavailable = new MockResponse.Builder().code(502).body("<html>bad gateway</html>").build();
        serveOnly(unavailable, unavailable, unavailable, unavailable);
        ClusterApiException e = assertThrows(ClusterApiException.class, () -> client.id());
        assertEquals(502, e.httpStatus());
        assertEquals("<html>bad gateway</html>", e.clusterMessage());
        assertEquals(3, server.getRequestCount(), "1 try + 2 retries");
    }

    @Test
    void notFoundAllocationIsEmptyButOther4xxIsAnError() {
        serveOnly(json(404, "error-404.json"), new MockResponse.Builder().code(400)
                .body("{\"code\":400,\"message\":\"error decoding Cid: selected encoding not supported\"}").build());
        assertTrue(client.allocation(UNKNOWN).isEmpty());
        ClusterApiException e = assertThrows(ClusterApiException.class, () -> client.allocation(UNKNOWN));
        assertEquals(400, e.httpStatus());
        assertTrue(e.getMessage().contains("error decoding Cid"));
    }

    @Test
    void malformedJsonIsAProtocolError() {
        serveOnly(new MockResponse.Builder().code(200).body("{\"id\": \"abc\", ").build(),
                new MockResponse.Builder().code(200).body("[1,2]").build(),
                new MockResponse.Builder().code(200).body("{\"cid\":{\"/\":\"x\"}}").build());
        assertInstanceOf(ClusterProtocolException.class, assertThrows(ClusterException.class, () -> client.id()));
        assertInstanceOf(ClusterProtocolException.class, assertThrows(ClusterException.class, () -> client.id()));
        ClusterProtocolException legacy = assertThrows(ClusterProtocolException.class, () -> client.status(PINNED));
        assertTrue(legacy.getMessage().contains("pre-1.0"), legacy.getMessage());
    }

    @Test
    void legacyPre10PinShapeIsRefused() {
        serveOnly(json(200, "legacy-pin.json"));
        assertThrows(ClusterProtocolException.class, () -> client.allocation(PINNED));
    }

    @Test
    void unreachableClusterIsRetriedThenReportedAsUnreachable() throws IOException {
        String url = server.url("/").toString();
        server.close();
        ClusterUnreachableException e = assertThrows(ClusterUnreachableException.class,
                () -> clientFor(url, new ClusterAuth.None(), 2).id());
        assertEquals(-1, e.httpStatus());
        assertEquals(2, sleeps.size());
    }

    @Test
    void readTimeoutIsUnreachable() {
        serveOnly(new MockResponse.Builder().code(200).body("{}").headersDelay(3, TimeUnit.SECONDS).build());
        assertThrows(ClusterUnreachableException.class, () -> clientFor(server.url("/").toString(), new ClusterAuth.None(), 0).id());
    }

    @Test
    void longCidListsAreSplitSoEachRequestLineStaysUnderTheLimit() throws InterruptedException {
        List<Cid> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            byte[] bytes = PINNED.toBytes();
            bytes[bytes.length - 1] = (byte) i;
            bytes[bytes.length - 2] = (byte) (i >> 8);
            many.add(Cid.fromBytes(bytes));
        }
        serveOnly(stream("status-pinned.json", ""), stream("status-pinned.json", ""), stream("status-pinned.json", ""));
        long n = client.statusAll(StatusQuery.forCids(many), g -> { });
        int requests = server.getRequestCount();
        assertTrue(requests >= 2, "split into several requests");
        assertEquals(requests, n);
        int seen = 0;
        for (int i = 0; i < requests; i++) {
            RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
            assertTrue(r.getRequestLine().length() < 7000, "request line " + r.getRequestLine().length());
            seen += r.getUrl().queryParameter("cids").split(",").length;
        }
        assertEquals(250, seen);
    }

    @Test
    void metricNamesThatCouldEscapeThePathAreRefusedBeforeAnyRequest() {
        for (String evil : new String[] {"..", ".", "a/b", "../peers", "ping%2F..", "", "x y"}) {
            assertThrows(IllegalArgumentException.class, () -> client.metrics(evil), evil);
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void baseUrlWithAPathPrefixAndTrailingSlashKeepsThePrefix() throws InterruptedException {
        ClusterClient prefixed = clientFor(server.url("/cluster/").toString(), new ClusterAuth.None(), 0);
        serveOnly(json(200, "id.json"));
        prefixed.id();
        assertEquals("/cluster/id", server.takeRequest(1, TimeUnit.SECONDS).getUrl().encodedPath());
    }
}
