package me.grokme.pinning.ledger;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The one way functions build their DynamoDB client: URLConnection HTTP client, region and credentials from
 * the environment, and an explicit failure budget. The SDK's own default for DynamoDB retries throttling up
 * to 9 times with backoff growing toward 20 s — longer than a webhook may keep an indexer waiting — so the
 * functions use the standard policy (3 attempts, jittered backoff) under a whole-call timeout: a throttled
 * write is retried briefly, then surfaces as {@link LedgerUnavailableException} (the webhook answers 503 and
 * the indexer retries; the sweep and the reconciliation resume next run).
 */
public final class DynamoDbClients {

    /** Budget of one ledger call, retries included, unless a function asks for another. */
    public static final Duration DEFAULT_CALL_BUDGET = Duration.ofSeconds(10);

    private DynamoDbClients() {
    }

    /** {@code endpoint} only for DynamoDB Local (local runs, benchmarks). */
    public static DynamoDbClient create(Optional<URI> endpoint) {
        return create(endpoint, DEFAULT_CALL_BUDGET);
    }

    /** With a budget for one call, retries included. */
    public static DynamoDbClient create(Optional<URI> endpoint, Duration callBudget) {
        var builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(callBudget));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
