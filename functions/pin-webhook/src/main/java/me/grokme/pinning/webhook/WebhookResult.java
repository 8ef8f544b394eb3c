package me.grokme.pinning.webhook;

import me.grokme.pinning.mint.LogResult;

import java.util.List;

/** The outcome of one delivery, mapped to an HTTP answer by the handler. */
public sealed interface WebhookResult {

    /** Every log recorded. {@code clusterDeferred}: some pins wait for the pin drain (HTTP 202), else 200. */
    record Processed(String provider, List<LogResult> logs, boolean clusterDeferred) implements WebhookResult {
        public Processed {
            logs = List.copyOf(logs);
        }
    }

    /** 404: no such provider, or it is not enabled. */
    record UnknownProvider(String provider) implements WebhookResult {
    }

    /** 401: missing or bad signature, stale timestamp. */
    record Unauthorized(String reason) implements WebhookResult {
    }

    /** 400: the body is not a delivery of this provider. */
    record BadRequest(String message) implements WebhookResult {
    }

    /** 413: over the body limit. */
    record TooLarge(String message) implements WebhookResult {
    }

    /** 415: not JSON. */
    record UnsupportedMediaType(String message) implements WebhookResult {
    }

    /** 503: the ledger (or a signing secret) could not be reached; nothing was acknowledged, the sender retries. */
    record Unavailable(String message) implements WebhookResult {
    }
}
