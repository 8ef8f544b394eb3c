package me.grokme.pinning.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * A DynamoDB client that throttles (ProvisionedThroughputExceeded) the next N writes and passes everything
 * else to DynamoDB Local: the way to test "the ledger is down" with the real store behind it.
 */
public final class FailingDynamoDb implements DynamoDbClient {

    private final DynamoDbClient delegate;
    private final AtomicInteger failWrites = new AtomicInteger();
    private final AtomicInteger passFirst = new AtomicInteger();
    private final AtomicInteger batchKeysServed = new AtomicInteger(-1);
    private final AtomicInteger batchGets = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger transactions = new AtomicInteger();
    private final AtomicInteger failReads = new AtomicInteger();
    private volatile String failReadsOf = "";

    public FailingDynamoDb(DynamoDbClient delegate) {
        this.delegate = delegate;
    }

    public void failNextWrites(int n) {
        passFirst.set(0);
        failWrites.set(n);
    }

    /** Lets the next {@code pass} writes through, then throttles {@code fail}: "the second write of a request fails". */
    public void failWritesAfter(int pass, int fail) {
        failWrites.set(fail);
        passFirst.set(pass);
    }

    private void maybeFail() {
        if (passFirst.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            return;
        }
        if (failWrites.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            throw ProvisionedThroughputExceededException.builder().message("simulated throttling").build();
        }
    }

    /**
     * Cancels the next {@code n} transactions with {@code TransactionConflict} on their first item, as DynamoDB
     * does while another transaction holds one of the items; nothing is written.
     */
    public void conflictNextTransactions(int n) {
        conflicts.set(n);
    }

    /** TransactWriteItems calls seen so far (conflicted ones included). */
    public int transactions() {
        return transactions.get();
    }

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
        transactions.incrementAndGet();
        maybeFail();
        if (conflicts.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            List<CancellationReason> reasons = new ArrayList<>();
            for (int i = 0; i < r.transactItems().size(); i++) {
                reasons.add(i == 0 ? CancellationReason.builder().code("TransactionConflict")
                        .message("Transaction is ongoing for the item").build() : CancellationReason.builder().code("None").build());
            }
            throw TransactionCanceledException.builder().message("Transaction cancelled, please refer cancellation reasons for specific reasons")
                    .cancellationReasons(reasons).build();
        }
        return delegate.transactWriteItems(r);
    }

    @Override
    public PutItemResponse putItem(PutItemRequest r) {
        maybeFail();
        return delegate.putItem(r);
    }

    @Override
    public UpdateItemResponse updateItem(UpdateItemRequest r) {
        maybeFail();
        return delegate.updateItem(r);
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(
            BatchWriteItemRequest r) {
        maybeFail();
        return delegate.batchWriteItem(r);
    }

    /**
     * From now on each BatchGetItem serves only its first {@code n} keys and hands the rest back as
     * unprocessed, as DynamoDB does when throttled or past 16 MB; 0 serves none. Negative: serve all.
     */
    public void serveBatchKeys(int n) {
        batchKeysServed.set(n);
    }

    /** BatchGetItem calls seen so far. */
    public int batchGets() {
        return batchGets.get();
    }

    @Override
    public BatchGetItemResponse batchGetItem(BatchGetItemRequest r) {
        batchGets.incrementAndGet();
        int served = batchKeysServed.get();
        if (served < 0) {
            return delegate.batchGetItem(r);
        }
        Map<String, KeysAndAttributes> now = new HashMap<>();
        Map<String, KeysAndAttributes> later = new HashMap<>();
        r.requestItems().forEach((table, ka) -> {
            List<Map<String, AttributeValue>> keys = ka.keys();
            int cut = Math.min(served, keys.size());
            if (cut > 0) {
                now.put(table, ka.toBuilder().keys(keys.subList(0, cut)).build());
            }
            if (cut < keys.size()) {
                later.put(table, ka.toBuilder().keys(keys.subList(cut, keys.size())).build());
            }
        });
        BatchGetItemResponse answer = now.isEmpty() ? BatchGetItemResponse.builder().responses(Map.of()).build()
                : delegate.batchGetItem(b -> b.requestItems(now));
        return answer.toBuilder().unprocessedKeys(later).build();
    }

    @Override
    public DeleteItemResponse deleteItem(
            DeleteItemRequest r) {
        maybeFail();
        return delegate.deleteItem(r);
    }

    /** Throttles the next {@code n} GetItem calls on the partition key {@code pk} (e.g. a sweep's one read of PEERS). */
    public void failNextReadsOf(String pk, int n) {
        failReadsOf = pk;
        failReads.set(n);
    }

    private void maybeFailRead(String pk) {
        if (pk.equals(failReadsOf) && failReads.getAndUpdate(v -> Math.max(0, v - 1)) > 0) {
            throw ProvisionedThroughputExceededException.builder().message("simulated throttling of a read").build();
        }
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
        maybeFailRead(r.key().containsKey("PK") ? r.key().get("PK").s() : "");
        return delegate.getItem(r);
    }

    @Override
    public QueryResponse query(QueryRequest r) {
        return delegate.query(r);
    }

    @Override
    public String serviceName() {
        return delegate.serviceName();
    }

    @Override
    public void close() {
        // the shared DynamoDB Local outlives this wrapper
    }
}
