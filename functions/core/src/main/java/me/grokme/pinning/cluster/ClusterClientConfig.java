package me.grokme.pinning.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Connection settings for {@link ClusterClient}.
 *
 * @param baseUrls          one or more peers' REST APIs, e.g. {@code https://eu.cluster.example:9443}; http or https,
 *                          no query. The client uses one at a time and moves to the next when one is unreachable
 * @param connectTimeout    TCP + TLS connect
 * @param readTimeout       between bytes of a plain answer
 * @param callTimeout       whole call for non-streaming requests
 * @param streamReadTimeout between bytes of a streamed answer (a cluster-wide {@code GET /pins} sends its
 *                          first byte only after every peer answered)
 * @param maxRetries        retries of idempotent calls on connection errors and 5xx (0 = none)
 * @param retryBackoff      first backoff; doubled per retry, with jitter
 * @param streamDeadline    the whole of one streamed call, retries and the consumer's time included: a server
 *                          that trickles bytes or stalls cannot hold it longer ({@code CLUSTER_STREAM_DEADLINE})
 */
public record ClusterClientConfig(
        List<URI> baseUrls,
        ClusterAuth auth,
        Duration connectTimeout,
        Duration readTimeout,
        Duration callTimeout,
        Duration streamReadTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration streamDeadline) {

    /** The stream deadline when none is given: below the 15 minutes a Lambda invocation may run. */
    public static final Duration DEFAULT_STREAM_DEADLINE = Duration.ofMinutes(10);

    public ClusterClientConfig {
        baseUrls = List.copyOf(baseUrls);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(streamDeadline, "streamDeadline");
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("at least one cluster URL is needed");
        }
        baseUrls.forEach(ClusterClientConfig::checkUrl);
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("cluster maxRetries must be 0..10, got " + maxRetries);
        }
        if (streamDeadline.isNegative() || streamDeadline.isZero()) {
            throw new IllegalArgumentException("cluster stream deadline must be longer than zero, got " + streamDeadline);
        }
    }

    private static void checkUrl(URI baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("cluster URL is not an http(s) URL: " + baseUrl);
        }
        if (baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("cluster URL must be scheme://host[:port][/path] without credentials or query: "
                    + baseUrl.getScheme() + "://" + baseUrl.getHost());
        }
    }

    /** Settings for one peer. */
    public ClusterClientConfig(URI baseUrl, ClusterAuth auth, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
            Duration streamReadTimeout, int maxRetries, Duration retryBackoff, Duration streamDeadline) {
        this(List.of(baseUrl), auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries, retryBackoff,
                streamDeadline);
    }

    /** Settings with the {@link #DEFAULT_STREAM_DEADLINE}. */
    public ClusterClientConfig(List<URI> baseUrls, ClusterAuth auth, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
            Duration streamReadTimeout, int maxRetries, Duration retryBackoff) {
        this(baseUrls, auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries, retryBackoff,
                DEFAULT_STREAM_DEADLINE);
    }

    /** Settings for one peer with the {@link #DEFAULT_STREAM_DEADLINE}. */
    public ClusterClientConfig(URI baseUrl, ClusterAuth auth, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
            Duration streamReadTimeout, int maxRetries, Duration retryBackoff) {
        this(List.of(baseUrl), auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries, retryBackoff,
                DEFAULT_STREAM_DEADLINE);
    }

    /** The first peer's URL (the one tried first). */
    public URI baseUrl() {
        return baseUrls.get(0);
    }

    /** Defaults suited to a Lambda function talking to a cluster across regions. */
    public static ClusterClientConfig defaults(URI baseUrl, ClusterAuth auth) {
        return new ClusterClientConfig(baseUrl, auth,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(120), 2, Duration.ofMillis(200));
    }

    /** The same settings with another stream deadline. */
    public ClusterClientConfig withStreamDeadline(Duration deadline) {
        return new ClusterClientConfig(baseUrls, auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries,
                retryBackoff, deadline);
    }

    /** Named settings instead of eight positional ones; starts from {@link #defaults(URI, ClusterAuth)}'s values, no auth. */
    public static Builder builder(List<URI> baseUrls) {
        return new Builder(baseUrls);
    }

    public static Builder builder(URI baseUrl) {
        return new Builder(List.of(baseUrl));
    }

    /** Builds a {@link ClusterClientConfig}; {@link #build()} validates as the constructor does. */
    public static final class Builder {
        private final List<URI> baseUrls;
        private ClusterAuth auth = new ClusterAuth.None();
        private Duration connectTimeout = Duration.ofSeconds(3);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(20);
        private Duration streamReadTimeout = Duration.ofSeconds(120);
        private int maxRetries = 2;
        private Duration retryBackoff = Duration.ofMillis(200);
        private Duration streamDeadline = DEFAULT_STREAM_DEADLINE;

        private Builder(List<URI> baseUrls) {
            this.baseUrls = List.copyOf(baseUrls);
        }

        public Builder auth(ClusterAuth value) {
            this.auth = value;
            return this;
        }

        /** Connect, read (between bytes of a plain answer) and whole-call timeouts of plain requests. */
        public Builder timeouts(Duration connect, Duration read, Duration call) {
            this.connectTimeout = connect;
            this.readTimeout = read;
            this.callTimeout = call;
            return this;
        }

        /** Between bytes of a streamed answer, and the whole of one streamed call. */
        public Builder streams(Duration readTimeout, Duration deadline) {
            this.streamReadTimeout = readTimeout;
            this.streamDeadline = deadline;
            return this;
        }

        /** Retries of idempotent calls (0 = none) and the first backoff, doubled per retry with jitter. */
        public Builder retries(int max, Duration firstBackoff) {
            this.maxRetries = max;
            this.retryBackoff = firstBackoff;
            return this;
        }

        public ClusterClientConfig build() {
            return new ClusterClientConfig(baseUrls, auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries, retryBackoff,
                    streamDeadline);
        }
    }
}
