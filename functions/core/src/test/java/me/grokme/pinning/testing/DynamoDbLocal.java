package me.grokme.pinning.testing;

import java.util.concurrent.atomic.AtomicInteger;
import me.grokme.pinning.ledger.LedgerTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * One real DynamoDB Local per test JVM (in-process, no Docker), and a fresh ledger table per test so tests
 * never see each other's items.
 */
public final class DynamoDbLocal {

    private static final AmazonDynamoDBLocal LOCAL = DynamoDBEmbedded.create();
    private static final DynamoDbClient CLIENT = LOCAL.dynamoDbClient();
    private static final AtomicInteger TABLES = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(LOCAL::shutdown));
    }

    private DynamoDbLocal() {
    }

    public static DynamoDbClient client() {
        return CLIENT;
    }

    /** Creates a new, empty ledger table and returns its name. */
    public static String newLedgerTable() {
        String name = "ledger-" + TABLES.incrementAndGet();
        LedgerTable.createIfMissing(CLIENT, name);
        return name;
    }
}
