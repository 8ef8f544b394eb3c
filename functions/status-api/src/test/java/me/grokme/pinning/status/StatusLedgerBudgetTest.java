package me.grokme.pinning.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class StatusLedgerBudgetTest {

    /** The status function's Lambda timeout (template.yaml, StatusFunction Timeout). */
    private static final Duration LAMBDA_TIMEOUT = Duration.ofSeconds(5);

    private static Duration budgetOf(StatusConfig config) {
        // No credentials or network: building the client reads only its configuration.
        try (DynamoDbClient client = StatusHandler.ledgerClient(config)) {
            return client.serviceClientConfiguration().overrideConfiguration().apiCallTimeout().orElseThrow();
        }
    }

    @Test
    void aLedgerCallGivesUpWellBeforeTheLambdaTimeoutSoASlowTableAnswersTheJson503() {
        System.setProperty("aws.region", System.getProperty("aws.region", "eu-central-1"));
        Duration budget = budgetOf(StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "t")));
        assertEquals(Duration.ofSeconds(2), budget);
        assertTrue(budget.multipliedBy(2).compareTo(LAMBDA_TIMEOUT) < 0, "room for a second call and the answer");
        assertEquals(Duration.ofMillis(1500),
                budgetOf(StatusConfig.fromEnvironment(Map.of("LEDGER_TABLE", "t", "LEDGER_CALL_BUDGET", "1500ms"))));
    }
}
