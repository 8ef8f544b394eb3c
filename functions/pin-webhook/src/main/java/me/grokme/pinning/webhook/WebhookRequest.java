package me.grokme.pinning.webhook;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A delivery as the service sees it, free of Lambda types: provider from the path, lower-cased headers,
 * raw body bytes, and the invocation's remaining time when it runs in a Lambda (empty: local gateway, tests).
 */
public record WebhookRequest(String provider, Map<String, String> headers, byte[] body, String requestId, Optional<Duration> timeLeft) {
    public WebhookRequest {
        headers = Map.copyOf(headers);
    }

    public WebhookRequest(String provider, Map<String, String> headers, byte[] body, String requestId) {
        this(provider, headers, body, requestId, Optional.empty());
    }
}
