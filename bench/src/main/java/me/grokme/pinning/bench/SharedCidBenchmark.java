package me.grokme.pinning.bench;

import java.time.Clock;
import java.util.Map;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.testing.ItemSize;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * Many tokens on one CID — an ERC-721 collection whose token URIs are {@code ipfs://<dir>/<n>.json} — recorded
 * one mint at a time through the ledger (DynamoDB Local, in-process): the time per thousand mints and the
 * PIN item's size as it goes, to show the request's item stays bounded (DynamoDB refuses items over 400 KB).
 *
 * <p>Usage: {@code bin/bench shared-cid [tokens=6000]}.
 */
public final class SharedCidBenchmark {

    private SharedCidBenchmark() {
    }

    public static void main(String[] args) {
        int tokens = args.length > 0 ? Integer.parseInt(args[0]) : 6000;
        String cid = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
        try {
            DynamoDbClient dynamo = local.dynamoDbClient();
            LedgerTable.createIfMissing(dynamo, "bench-shared");
            DynamoDbLedger ledger = new DynamoDbLedger(dynamo, "bench-shared", Clock.systemUTC());
            System.out.println("| mints so far | ms for the last 1,000 | PIN item bytes | listed tokens | counted tokens | listed logs | counted logs |");
            System.out.println("|---|---|---|---|---|---|---|");
            long t0 = System.nanoTime();
            for (int i = 1; i <= tokens; i++) {
                ledger.recordMint(new MintRecord(new LogKey(1, String.format("0x%064x", i), 3), Integer.toString(i), cid, "genesis", 3, 5,
                        10, "", "logs", false, "/" + i + ".json"));
                if (i % 1000 == 0) {
                    long ms = (System.nanoTime() - t0) / 1_000_000;
                    PinRequest p = ledger.findPin(cid).orElseThrow();
                    System.out.printf("| %,d | %,d | %,d | %d | %,d | %d | %,d |%n", i, ms, itemBytes(dynamo, cid), p.tokenIds().size(),
                            p.moreTokens(), p.activeLogs().size(), p.moreActiveLogs());
                    t0 = System.nanoTime();
                }
            }
            System.out.println();
            System.out.println("JVM: " + Machine.describe());
        } finally {
            local.shutdown();
        }
    }

    private static long itemBytes(DynamoDbClient dynamo, String cid) {
        return ItemSize.bytes(dynamo.getItem(g -> g.tableName("bench-shared")
                .key(Map.of(LedgerTable.PK, AttributeValue.fromS("CID#" + cid), LedgerTable.SK, AttributeValue.fromS("PIN")))).item());
    }
}
