package me.grokme.pinning.status;

import java.time.Clock;
import java.util.Map;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.ledger.DynamoDbStatusQueries;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The status function's composition root. */
public final class StatusApp {

    private StatusApp() {
    }

    /** Production wiring, from the function's environment. */
    public static StatusHttp fromEnvironment(Map<String, String> environment) {
        StatusConfig config = StatusConfig.fromEnvironment(environment);
        return build(config, ledgerClient(config), Clock.systemUTC());
    }

    /** The ledger client with the status function's own call budget (not the scheduled functions' 10 s). */
    static DynamoDbClient ledgerClient(StatusConfig config) {
        return DynamoDbClients.create(config.dynamoDbEndpoint(), config.ledgerCallBudget());
    }

    /** For tests, the local runner and benchmarks: the given table client and clock. */
    public static StatusHttp build(StatusConfig config, DynamoDbClient dynamo, Clock clock) {
        return new StatusHttp(new StatusService(new DynamoDbStatusQueries(dynamo, config.ledgerTable(), config.capsules().tokenKeys()), config, clock), config);
    }
}
