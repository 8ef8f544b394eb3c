package me.grokme.pinning.ledger;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The one way functions build their DynamoDB client: URLConnection HTTP client, region and credentials from the environment. */
public final class DynamoDbClients {

    private DynamoDbClients() {
    }

    /** {@code endpoint} only for DynamoDB Local (local runs, benchmarks). */
    public static DynamoDbClient create(Optional<URI> endpoint) {
        var builder = DynamoDbClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }
}
