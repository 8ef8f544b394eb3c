package me.grokme.pinning.webhook;

import java.util.Map;

/**
 * A delivery as the service sees it, free of Lambda types: provider from the path, lower-cased headers,
 * raw body bytes.
 */
public record WebhookRequest(String provider, Map<String, String> headers, byte[] body, String requestId) {
    public WebhookRequest {
        headers = Map.copyOf(headers);
    }
}
