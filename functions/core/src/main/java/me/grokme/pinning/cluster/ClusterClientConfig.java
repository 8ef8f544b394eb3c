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
}
