package me.grokme.pinning.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Connection settings for {@link ClusterClient}.
 *
 * @param baseUrl           e.g. {@code https://cluster.example:9094}; http or https, no query
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
        URI baseUrl,
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
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(streamDeadline, "streamDeadline");
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("cluster URL is not an http(s) URL: " + baseUrl);
        }
        if (baseUrl.getHost() == null || baseUrl.getRawQuery() != null || baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("cluster URL must be scheme://host[:port][/path] without credentials or query: "
                    + baseUrl.getScheme() + "://" + baseUrl.getHost());
        }
        if (maxRetries < 0 || maxRetries > 10) {
            throw new IllegalArgumentException("cluster maxRetries must be 0..10, got " + maxRetries);
        }
        if (streamDeadline.isNegative() || streamDeadline.isZero()) {
            throw new IllegalArgumentException("cluster stream deadline must be longer than zero, got " + streamDeadline);
        }
    }

    /** Settings with the {@link #DEFAULT_STREAM_DEADLINE}. */
    public ClusterClientConfig(URI baseUrl, ClusterAuth auth, Duration connectTimeout, Duration readTimeout, Duration callTimeout,
            Duration streamReadTimeout, int maxRetries, Duration retryBackoff) {
        this(baseUrl, auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries, retryBackoff,
                DEFAULT_STREAM_DEADLINE);
    }

    /** Defaults suited to a Lambda function talking to a cluster across regions. */
    public static ClusterClientConfig defaults(URI baseUrl, ClusterAuth auth) {
        return new ClusterClientConfig(baseUrl, auth,
                Duration.ofSeconds(3), Duration.ofSeconds(10), Duration.ofSeconds(20),
                Duration.ofSeconds(120), 2, Duration.ofMillis(200));
    }

    /** The same settings with another stream deadline. */
    public ClusterClientConfig withStreamDeadline(Duration deadline) {
        return new ClusterClientConfig(baseUrl, auth, connectTimeout, readTimeout, callTimeout, streamReadTimeout, maxRetries,
                retryBackoff, deadline);
    }
}
