package me.grokme.pinning.webhook.providers;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One webhook delivery as received: lower-cased headers and the raw body bytes (already base64-decoded
 * when API Gateway flagged it), which is what signatures are computed over.
 */
public record Delivery(Map<String, String> headers, byte[] body, Instant receivedAt) {

    public Delivery {
        headers = Map.copyOf(headers);
    }

    public Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }
}
