package me.grokme.pinning.testing;

import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
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

    @Override
    public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest r) {
        maybeFail();
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
    public software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse batchWriteItem(
            software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest r) {
        maybeFail();
        return delegate.batchWriteItem(r);
    }

    @Override
    public software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse batchGetItem(
            software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest r) {
        return delegate.batchGetItem(r);
    }

    @Override
    public software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse deleteItem(
            software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest r) {
        maybeFail();
        return delegate.deleteItem(r);
    }

    @Override
    public GetItemResponse getItem(GetItemRequest r) {
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
