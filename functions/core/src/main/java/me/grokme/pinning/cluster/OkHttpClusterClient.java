package me.grokme.pinning.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.Sleeper;
import me.grokme.pinning.secrets.SecretUnavailableException;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;

/**
 * {@link ClusterClient} over OkHttp 5 and Jackson's streaming parser.
 *
 * <p>Streams are read as NDJSON one object at a time and handed to the consumer, so memory stays constant
 * whatever the pinset size. A stream is complete only when its chunked body ended properly AND its
 * {@code X-Stream-Error} trailer is empty. When the response announced that trailer (the real cluster
 * always does) but none arrived, the stream is treated as incomplete; when it was not announced (a proxy
 * rewrote the response), a properly terminated body is accepted — chunked framing still catches a cut.
 *
 * <p>Retries: idempotent reads only (GETs, and a stream only before its first item), on connection
 * failures and 5xx, with exponential backoff and full jitter. POSTs are not retried on errors or timeouts:
 * the ledger and the sweep own those retries. One exception for every call: a connection that broke before
 * any answer is retried once, at once, on a fresh connection. A proxy in front of the cluster closes idle
 * keep-alive connections (nginx after 75 s, an AWS ALB after 60 s), so the first call after a pause may
 * meet a dead pooled connection; every call here is idempotent (a pin with the same options, a recover),
 * so sending it again is safe. The default pool also drops connections idle for {@link #POOL_KEEP_ALIVE},
 * below those proxies' limits.
 *
 * <p>Deadlines: a streamed call as a whole, retries and the consumer's time included, ends at the config's
 * {@code streamDeadline} or the caller's deadline (the Lambda invocation's end), whichever comes first, with a
 * {@link ClusterStreamDeadlineException}; per-read timeouts alone let a server that trickles bytes hold a
 * stream open for ever.
 *
 * <p>Failover: with several peers' URLs, each attempt goes to the peer that last answered (the first at
 * start). When that peer is down the call moves on to the next at once, each peer at most once per call, and
 * the next calls start there. "Down" is any connection failure or a 5xx for an idempotent read (GETs, a
 * stream before its first item); for a POST only a failure that proves the request never reached the peer
 * (refused, no route, unknown host, connect timeout, TLS handshake): a POST that timed out after it was sent
 * is left to the ledger's retry, as the webhook has no time for a second full wait. Once every peer has been
 * tried, the usual retries (with backoff) go on cycling through the peers.
 */
public final class OkHttpClusterClient implements ClusterClient {

    /** Budget for a {@code cids=} query so request line + headers stay under the cluster's ~8 KB limit. */
    static final int MAX_CIDS_QUERY_CHARS = 6000;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final String STREAM_ERROR = "X-Stream-Error";
    /** Idle pooled connections are closed before common proxies close them (ALB 60 s, nginx 75 s). */
    static final Duration POOL_KEEP_ALIVE = Duration.ofSeconds(30);

    private final ClusterClientConfig config;
    /** Every peer's base URL, without a trailing slash; requests are built on the first and moved to another. */
    private final List<HttpUrl> bases;
    /** The peer tried first: the one that last answered, as far as any call has seen. */
    private final AtomicInteger preferred = new AtomicInteger();
    private final OkHttpClient client;
    private final OkHttpClient streamClient;
    private final Sleeper sleeper;
    private final JsonFactory json;
    private final Supplier<Optional<Instant>> callerDeadline;

    /** A client with its own OkHttpClient built from the config. */
    public OkHttpClusterClient(ClusterClientConfig config) {
        this(config, Optional::empty);
    }

    /**
     * A client with its own OkHttpClient built from the config, whose streamed calls also end by
     * {@code callerDeadline} (e.g. the Lambda invocation's end, less time to finish up), when it gives one.
     */
    public OkHttpClusterClient(ClusterClientConfig config, Supplier<Optional<Instant>> callerDeadline) {
        this(config, new OkHttpClient.Builder()
                .connectionPool(new ConnectionPool(5, POOL_KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS))
                .build(), Sleeper.real(), callerDeadline);
    }

    public OkHttpClusterClient(ClusterClientConfig config, OkHttpClient http, Sleeper sleeper) {
        this(config, http, sleeper, Optional::empty);
    }

    /**
     * @param http    a base OkHttpClient (shared pools, event listeners, TLS settings); timeouts from the
     *                config are applied on top. Its pool should drop idle connections before any proxy in
     *                front of the cluster does (see {@link #POOL_KEEP_ALIVE})
     * @param sleeper how to wait between retries
     * @param callerDeadline when present, no streamed call runs past it
     */
    public OkHttpClusterClient(ClusterClientConfig config, OkHttpClient http, Sleeper sleeper,
            Supplier<Optional<Instant>> callerDeadline) {
        this.config = config;
        this.callerDeadline = callerDeadline;
        this.bases = config.baseUrls().stream().map(OkHttpClusterClient::base).toList();
        this.client = http.newBuilder()
                .connectTimeout(config.connectTimeout())
                .readTimeout(config.readTimeout())
                .callTimeout(config.callTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
        this.streamClient = client.newBuilder()
                .readTimeout(config.streamReadTimeout())
                .callTimeout(Duration.ZERO)
                .build();
        this.sleeper = sleeper;
        this.json = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(1 << 20).maxNestingDepth(32).build())
                .build();
    }

    /** A peer's base URL without a trailing slash: the cluster answers 307 to any path ending in '/'. */
    private static HttpUrl base(java.net.URI url) {
        HttpUrl parsed = HttpUrl.get(url.toString());
        HttpUrl.Builder b = parsed.newBuilder().encodedPath("/");
        segments(parsed).forEach(b::addEncodedPathSegment);
        return b.build();
    }

    private static List<String> segments(HttpUrl url) {
        List<String> segments = new ArrayList<>(url.encodedPathSegments());
        segments.removeIf(String::isEmpty);
        return segments;
    }

    /** {@code request} (built on the first peer) sent to {@code peer} instead: same path below the base, same query. */
    private Request onPeer(Request request, int peer) {
        if (peer == 0) {
            return request;
        }
        List<String> path = segments(request.url());
        HttpUrl.Builder b = bases.get(peer).newBuilder();
        path.subList(segments(bases.get(0)).size(), path.size()).forEach(b::addEncodedPathSegment);
        return request.newBuilder().url(b.encodedQuery(request.url().encodedQuery()).build()).build();
    }

    /** Closes pooled connections (after a SnapStart restore their sockets are gone). */
    public void evictConnections() {
        client.connectionPool().evictAll();
    }

    @Override
    public Pin pin(Cid cid, PinOptions options) {
        HttpUrl.Builder url = url("pins", "ipfs", cid.toString())
                .addQueryParameter("name", options.name())
                .addQueryParameter("mode", options.mode().wire())
                .addQueryParameter("replication-min", Integer.toString(options.replicationMin()))
                .addQueryParameter("replication-max", Integer.toString(options.replicationMax()));
        if (!options.userAllocations().isEmpty()) {
            url.addQueryParameter("user-allocations", String.join(",", options.userAllocations()));
        }
        options.expireAt().ifPresent(t -> url.addQueryParameter("expire-at", DateTimeFormatter.ISO_INSTANT.format(t)));
        options.sortedMetadata().forEach((k, v) -> url.addQueryParameter("meta-" + k, v));
        return single("POST /pins/ipfs/{cid}", post(url.build()), false, ClusterJson::pin);
    }

    @Override
    public boolean unpin(Cid cid) {
        try {
            // Idempotent: an unpin sent twice (a retry after a lost answer) leaves the same pinset.
            single("DELETE /pins/{cid}", request(url("pins", cid.toString()).build()).delete().build(), true, ClusterJson::pin);
            return true;
        } catch (ClusterApiException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public GlobalPinInfo status(Cid cid) {
        return single("GET /pins/{cid}", get(url("pins", cid.toString()).build()), true, ClusterJson::globalPinInfo);
    }

    @Override
    public long statusAll(StatusQuery query, Consumer<? super GlobalPinInfo> consumer) {
        if (query.cids().isEmpty()) {
            HttpUrl.Builder url = url("pins");
            if (!query.filters().isEmpty()) {
                url.addQueryParameter("filter", query.filters().stream().map(StatusFilter::wire).sorted()
                        .collect(Collectors.joining(",")));
            }
            if (query.local()) {
                url.addQueryParameter("local", "true");
            }
            return stream("GET /pins", get(url.build()), ClusterJson::globalPinInfo, consumer);
        }
        long total = 0;
        for (List<Cid> chunk : chunkCids(query.cids())) {
            HttpUrl.Builder url = url("pins").addQueryParameter("cids",
                    chunk.stream().map(Cid::toString).collect(Collectors.joining(",")));
            if (query.local()) {
                url.addQueryParameter("local", "true");
            }
            total += stream("GET /pins?cids=", get(url.build()), ClusterJson::globalPinInfo, consumer);
        }
        return total;
    }

    static List<List<Cid>> chunkCids(List<Cid> cids) {
        List<List<Cid>> chunks = new ArrayList<>();
        List<Cid> current = new ArrayList<>();
        int chars = 0;
        for (Cid cid : cids) {
            int len = cid.toString().length() + 3; // "," percent-encoded
            if (!current.isEmpty() && chars + len > MAX_CIDS_QUERY_CHARS) {
                chunks.add(current);
                current = new ArrayList<>();
                chars = 0;
            }
            current.add(cid);
            chars += len;
        }
        if (!current.isEmpty()) {
            chunks.add(current);
        }
        return chunks;
    }

    @Override
    public Optional<Pin> allocation(Cid cid) {
        try {
            return Optional.of(single("GET /allocations/{cid}", get(url("allocations", cid.toString()).build()), true, ClusterJson::pin));
        } catch (ClusterApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public long allocations(Set<PinType> filter, Consumer<? super Pin> consumer) {
        HttpUrl.Builder url = url("allocations");
        if (!filter.isEmpty()) {
            if (filter.contains(PinType.UNKNOWN)) {
                throw new IllegalArgumentException("UNKNOWN is not an allocations filter");
            }
            url.addQueryParameter("filter", filter.stream().map(PinType::wire).sorted().collect(Collectors.joining(",")));
        }
        return stream("GET /allocations", get(url.build()), ClusterJson::pin, consumer);
    }

    @Override
    public GlobalPinInfo recover(Cid cid) {
        return single("POST /pins/{cid}/recover", post(url("pins", cid.toString(), "recover").build()), false,
                ClusterJson::globalPinInfo);
    }

    @Override
    public long peers(Consumer<? super ClusterPeer> consumer) {
        return stream("GET /peers", get(url("peers").build()), ClusterJson::peer, consumer);
    }

    @Override
    public ClusterPeer id() {
        return single("GET /id", get(url("id").build()), true, ClusterJson::peer);
    }

    @Override
    public List<Metric> metrics(String name) {
        if (!validMetricName(name)) {
            throw new IllegalArgumentException("not a metric name: " + (name == null ? "null" : name.length() > 70 ? name.substring(0, 70) + "…" : name));
        }
        return single("GET /monitor/metrics/{name}", get(url("monitor", "metrics", name).build()), true,
                p -> array(p, ClusterJson::metric));
    }

    @Override
    public List<Alert> alerts() {
        return single("GET /health/alerts", get(url("health", "alerts").build()), true, p -> array(p, ClusterJson::alert));
    }

    static boolean validMetricName(String name) {
        if (name == null || name.isEmpty() || name.length() > 64 || name.equals(".") || name.equals("..")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == ':' || c == '.' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // --- plumbing -----------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Reader<T> {
        T read(JsonParser p) throws IOException;
    }

    private HttpUrl.Builder url(String... segments) {
        HttpUrl.Builder b = bases.get(0).newBuilder();
        for (String s : segments) {
            // Defence in depth: CIDs and metric names are validated before they get here, but a dot
            // segment would silently pop the path in HttpUrl.Builder.
            if (s.isEmpty() || s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\\') >= 0
                    || s.indexOf('%') >= 0) {
                throw new IllegalArgumentException("unsafe path segment refused");
            }
            b.addPathSegment(s);
        }
        return b;
    }

    private Request get(HttpUrl url) {
        return request(url).get().build();
    }

    private Request post(HttpUrl url) {
        return request(url).post(RequestBody.EMPTY).build();
    }

    private Request.Builder request(HttpUrl url) {
        return new Request.Builder().url(url).header("Accept", "application/json");
    }

    /**
     * The request with this attempt's credentials. Credentials from a secret are resolved per request,
     * through the resolver's cache: a rotated secret reaches a running client (and a SnapStart snapshot
     * holds no credential).
     */
    private Request authorized(String op, Request request) {
        Optional<String> header = authorization(op);
        return header.isEmpty() ? request : request.newBuilder().header("Authorization", header.get()).build();
    }

    private Optional<String> authorization(String op) {
        return switch (config.auth()) {
            case ClusterAuth.None none -> Optional.empty();
            case ClusterAuth.Basic basic -> Optional.of(basicHeader(basic));
            case ClusterAuth.Bearer bearer -> Optional.of("Bearer " + bearer.token());
            case ClusterAuth.Secret secret -> {
                try {
                    yield Optional.of(basicHeader(secret.resolve()));
                } catch (SecretUnavailableException e) {
                    throw new ClusterUnreachableException(op, "cluster credentials unavailable: " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    throw new ClusterAuthException(op, e.getMessage());
                }
            }
        };
    }

    private static String basicHeader(ClusterAuth.Basic basic) {
        return "Basic " + Base64.getEncoder().encodeToString((basic.user() + ":" + basic.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * After a 401 with credentials from a secret: drops the cached secret and reports whether a fetch
     * gives other credentials than {@code sent}'s (only then is a second try worth making).
     */
    private boolean refreshedCredentials(String op, Request sent) {
        if (!(config.auth() instanceof ClusterAuth.Secret secret)) {
            return false;
        }
        secret.refresh();
        try {
            return !authorization(op).equals(Optional.ofNullable(sent.header("Authorization")));
        } catch (ClusterException e) {
            return false;
        }
    }

    /** What one call has used of its second chances; decides whether to try again and prepares the next try. */
    private final class Attempts {
        private final String op;
        private final boolean retryOnError;
        private int retries;
        private boolean reconnected;
        private boolean refreshed;
        private int failovers;

        Attempts(String op, boolean retryOnError) {
            this.op = op;
            this.retryOnError = retryOnError;
        }

        /** {@code sent} is the request that failed at {@code peer}, or null when none was sent. */
        boolean again(ClusterException e, Request sent, int peer) {
            return again(e, sent, peer, null);
        }

        /** As {@link #again(ClusterException, Request, int)}, never pausing past {@code deadline} (when not null). */
        boolean again(ClusterException e, Request sent, int peer, StreamDeadline deadline) {
            if (e instanceof ClusterUnreachableException u && u.connectionBroken() && !reconnected) {
                reconnected = true;
                reconnect();
                return true;
            }
            if (bases.size() > 1 && peerDown(e, retryOnError)) {
                // The next attempt, this call's and other calls', goes to the next peer.
                preferred.compareAndSet(peer, (peer + 1) % bases.size());
                if (failovers < bases.size() - 1) {
                    failovers++;
                    return true;
                }
            }
            if (e instanceof ClusterAuthException auth) {
                // Once per call, and only for "who are you?" (401), not "you may not" (403).
                if (refreshed || auth.httpStatus() != 401 || sent == null) {
                    return false;
                }
                refreshed = true;
                return refreshedCredentials(op, sent);
            }
            if (!retryOnError || !retryable(e) || retries >= config.maxRetries()) {
                return false;
            }
            Duration pause = backoffPause(retries++);
            if (deadline != null && deadline.remainingNanos() <= pause.toNanos()) {
                return false;
            }
            sleep(pause, e);
            return true;
        }
    }

    private <T> T single(String op, Request request, boolean idempotent, Reader<T> reader) {
        Attempts attempts = new Attempts(op, idempotent);
        while (true) {
            Request sent = null;
            int peer = preferred.get();
            try {
                sent = authorized(op, onPeer(request, peer));
                return singleOnce(op, sent, reader);
            } catch (ClusterUnreachableException | ClusterApiException | ClusterAuthException e) {
                if (!attempts.again(e, sent, peer)) {
                    throw e;
                }
            }
        }
    }

    private <T> T singleOnce(String op, Request request, Reader<T> reader) {
        try (Response response = execute(client, op, request)) {
            checkStatus(op, response);
            ResponseBody body = response.body();
            try (JsonParser p = json.createParser(body.byteStream())) {
                if (p.nextToken() == null) {
                    throw new ClusterProtocolException(op, response.code(), "empty body where a JSON value was expected", null);
                }
                T value = reader.read(p);
                if (p.nextToken() != null) {
                    throw new ClusterProtocolException(op, response.code(), "unexpected data after the JSON value", null);
                }
                return value;
            } catch (ClusterJson.BadShape e) {
                throw new ClusterProtocolException(op, response.code(), e.getMessage(), e);
            } catch (JsonEOFException e) {
                throw new ClusterProtocolException(op, response.code(), "truncated JSON body", e);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ClusterProtocolException(op, response.code(), "malformed JSON: " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new ClusterUnreachableException(op, "reading the answer failed: " + e.getClass().getSimpleName(), e);
            }
        }
    }

    /** Drops idle pooled connections, which a proxy may have closed, so the next call opens a fresh one. */
    private void reconnect() {
        client.connectionPool().evictAll();
    }

    private <T> long stream(String op, Request request, Reader<T> reader, Consumer<? super T> consumer) {
        StreamDeadline deadline = streamDeadline();
        Attempts attempts = new Attempts(op, true);
        while (true) {
            if (deadline.passed()) {
                throw deadline.exceeded(op, -1, 0, null);
            }
            long[] delivered = {0};
            Request sent = null;
            int peer = preferred.get();
            try {
                sent = authorized(op, onPeer(request, peer));
                return streamOnce(op, sent, reader, consumer, delivered, deadline);
            } catch (ClusterUnreachableException | ClusterApiException | ClusterAuthException e) {
                if (e instanceof ClusterUnreachableException && deadline.passed()) {
                    throw deadline.exceeded(op, -1, delivered[0], e);
                }
                // A stream that delivered items is never sent again: the consumer has seen them.
                if (delivered[0] > 0 || !attempts.again(e, sent, peer, deadline)) {
                    throw e;
                }
            } catch (ClusterStreamIncompleteException e) {
                // A read cut by the deadline (the call timeout cancels the call) is the deadline's doing.
                if (deadline.passed() && e.getCause() instanceof IOException && !(e instanceof ClusterStreamDeadlineException)) {
                    throw deadline.exceeded(op, e.httpStatus(), e.itemsDelivered(), e);
                }
                throw e;
            }
        }
    }

    /** When a streamed call must end: monotonic time, and which limit set it. */
    private record StreamDeadline(long atNanos, ClusterStreamDeadlineException.Bound bound, Duration allowed) {

        long remainingNanos() {
            return atNanos - System.nanoTime();
        }

        boolean passed() {
            return remainingNanos() <= 0;
        }

        ClusterStreamDeadlineException exceeded(String op, int httpStatus, long delivered, Throwable cause) {
            return new ClusterStreamDeadlineException(op, httpStatus, delivered, bound, allowed, cause);
        }
    }

    private StreamDeadline streamDeadline() {
        long now = System.nanoTime();
        Duration own = config.streamDeadline();
        Optional<Duration> caller = callerDeadline.get().map(at -> Duration.between(Instant.now(), at));
        if (caller.isPresent() && caller.get().compareTo(own) < 0) {
            Duration left = caller.get().isNegative() ? Duration.ZERO : caller.get();
            return new StreamDeadline(now + left.toNanos(), ClusterStreamDeadlineException.Bound.CALLER_DEADLINE, left);
        }
        return new StreamDeadline(now + own.toNanos(), ClusterStreamDeadlineException.Bound.STREAM_DEADLINE, own);
    }

    private <T> long streamOnce(String op, Request request, Reader<T> reader, Consumer<? super T> consumer, long[] delivered,
            StreamDeadline deadline) {
        Call call = streamClient.newCall(request);
        // OkHttp's call timeout covers the whole call, body included; it cancels the call when it fires.
        call.timeout().timeout(Math.max(1, deadline.remainingNanos()), TimeUnit.NANOSECONDS);
        try (Response response = execute(call, op)) {
            if (response.code() == 204) {
                return 0;
            }
            checkStatus(op, response);
            boolean trailerAnnounced = response.headers("Trailer").stream()
                    .anyMatch(h -> h.toLowerCase().contains(STREAM_ERROR.toLowerCase()));
            InputStream in = response.body().byteStream();
            try (JsonParser p = json.createParser(in)) {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    if (t != JsonToken.START_OBJECT) {
                        throw new ClusterProtocolException(op, response.code(), "stream item is not a JSON object (found " + t + ")", null);
                    }
                    T item = reader.read(p);
                    delivered[0]++;
                    consumer.accept(item);
                }
            } catch (ClusterJson.BadShape e) {
                throw new ClusterProtocolException(op, response.code(), "item " + (delivered[0] + 1) + ": " + e.getMessage(), e);
            } catch (JsonEOFException e) {
                throw new ClusterStreamIncompleteException(op, response.code(), "body ended inside an item", delivered[0], e);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new ClusterProtocolException(op, response.code(), "malformed JSON in item " + (delivered[0] + 1)
                        + ": " + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new ClusterStreamIncompleteException(op, response.code(),
                        "body cut short (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", delivered[0], e);
            }
            Headers trailers;
            try {
                trailers = response.trailers();
            } catch (IOException e) {
                throw new ClusterStreamIncompleteException(op, response.code(), "trailers unreadable", delivered[0], e);
            }
            List<String> errors = trailers.values(STREAM_ERROR).stream().filter(v -> !v.isBlank()).toList();
            if (!errors.isEmpty()) {
                throw new ClusterStreamIncompleteException(op, response.code(), String.join("; ", errors), delivered[0], null);
            }
            if (trailerAnnounced && trailers.get(STREAM_ERROR) == null) {
                throw new ClusterStreamIncompleteException(op, response.code(),
                        "announced X-Stream-Error trailer never arrived", delivered[0], null);
            }
            return delivered[0];
        }
    }

    private static <T> List<T> array(JsonParser p, Reader<T> reader) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw new ClusterJson.BadShape("expected a JSON array (found " + p.currentToken() + ")");
        }
        List<T> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            out.add(reader.read(p));
        }
        return List.copyOf(out);
    }

    private Response execute(OkHttpClient http, String op, Request request) {
        return execute(http.newCall(request), op);
    }

    private Response execute(Call call, String op) {
        try {
            return call.execute();
        } catch (IOException e) {
            HttpUrl url = call.request().url();
            throw new ClusterUnreachableException(op, "no answer from " + url.host() + ":" + url.port()
                    + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e,
                    brokenConnection(e));
        }
    }

    /**
     * Whether a failure before any answer looks like a connection that died under us (end of stream, reset,
     * broken pipe) rather than a timeout, a refused connect, DNS or TLS: only the former is worth one
     * immediate retry on a fresh connection.
     */
    private static boolean brokenConnection(IOException e) {
        return !(e instanceof InterruptedIOException || e instanceof ConnectException || e instanceof UnknownHostException
                || e instanceof NoRouteToHostException || e instanceof SSLException);
    }

    /**
     * Whether {@code e} says the peer is down rather than that the call is wrong: for an idempotent call any
     * connection failure or a 5xx (a TLS proxy answers 502/504 for a dead peer); otherwise only a failure that
     * proves the request never reached the peer.
     */
    private static boolean peerDown(ClusterException e, boolean idempotent) {
        if (e instanceof ClusterApiException api) {
            return idempotent && api.isServerError();
        }
        if (!(e instanceof ClusterUnreachableException) || !(e.getCause() instanceof IOException io)) {
            return false; // e.g. the credentials' secret could not be read: no peer is to blame
        }
        return idempotent || neverSent(io);
    }

    private static boolean neverSent(IOException e) {
        return e instanceof ConnectException || e instanceof UnknownHostException || e instanceof NoRouteToHostException
                || e instanceof SSLHandshakeException
                || (e instanceof SocketTimeoutException && e.getMessage() != null && e.getMessage().toLowerCase().contains("connect"));
    }

    private void checkStatus(String op, Response response) {
        int code = response.code();
        if (code >= 200 && code < 300) {
            return;
        }
        String message = errorMessage(response);
        if (code == 401 || code == 403) {
            throw new ClusterAuthException(op, code, message);
        }
        throw new ClusterApiException(op, code, message);
    }

    private String errorMessage(Response response) {
        byte[] bytes = readUpTo(response.body().source(), MAX_ERROR_BODY);
        try (JsonParser p = json.createParser(bytes)) {
            Optional<String> m = ClusterJson.errorMessage(p);
            if (m.isPresent()) {
                return m.get();
            }
        } catch (IOException | RuntimeException ignored) {
            // Not the JSON error shape: fall through to the raw text (a proxy's HTML page, say).
        }
        String text = new String(bytes, StandardCharsets.UTF_8).strip();
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    /**
     * Up to {@code cap} bytes of a body, however it is framed: the real cluster fails a streamed route with a
     * chunked body (no length to ask for), and a body cut short still shows what arrived.
     */
    static byte[] readUpTo(BufferedSource source, long cap) {
        Buffer buffer = new Buffer();
        try {
            while (buffer.size() < cap && source.read(buffer, cap - buffer.size()) != -1) {
                // keep reading until the body ends or the cap is reached
            }
        } catch (IOException e) {
            // Keep what arrived: a partial message beats none.
        }
        return buffer.readByteArray();
    }

    private static boolean retryable(ClusterException e) {
        return e instanceof ClusterUnreachableException
                || (e instanceof ClusterApiException api && api.isServerError());
    }

    private Duration backoffPause(int attempt) {
        long cap = config.retryBackoff().toMillis() << Math.min(attempt, 10);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
    }

    private void sleep(Duration pause, ClusterException cause) {
        try {
            sleeper.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cause;
        }
    }
}
