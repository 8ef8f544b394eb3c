package me.grokme.pinning.ledger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.stream.IntStream;
import me.grokme.pinning.clock.Sleeper;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@link Ledger} on one DynamoDB table (design in functions/core/LEDGER.md), with the low-level client:
 * no reflection-based mapper, because it costs cold-start time.
 */
public final class DynamoDbLedger implements Ledger {

    /** Tries of a transaction cancelled only by conflicting transactions (see {@link #transact}). */
    static final int CONFLICT_ATTEMPTS = 4;

    /** Tries of a create-or-join whose snapshot of the request a concurrent write outdated (see {@link #createOrJoin}). */
    static final int SNAPSHOT_ATTEMPTS = 4;

    private static final Duration OPS_TTL = Duration.ofDays(30);
    private static final String LOG_SK = TableKeys.LOG_SK;
    private static final String PIN_SK = TableKeys.PIN_SK;
    private static final String TOKEN_REF_SEPARATOR = "/";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Sleeper sleeper;
    private final TokenKeys tokenKeys;

    public DynamoDbLedger(DynamoDbClient dynamo, String table, Clock clock) {
        this(dynamo, table, clock, Sleeper.real());
    }

    /** @param sleeper how to wait before retrying conflicted transactions and unprocessed batch keys */
    public DynamoDbLedger(DynamoDbClient dynamo, String table, Clock clock, Sleeper sleeper) {
        this(dynamo, table, clock, sleeper, TokenKeys.DEFAULT);
    }

    /** @param tokenKeys how token partitions are keyed (which capsule keeps the pre-capsule {@code TOKEN#<id>} layout) */
    public DynamoDbLedger(DynamoDbClient dynamo, String table, Clock clock, Sleeper sleeper, TokenKeys tokenKeys) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.sleeper = sleeper;
        this.tokenKeys = tokenKeys;
    }

    /** The token partition key: every key string of a token's items is built here, through {@link TokenKeys}. */
    private String tokenPk(String capsule, String tokenId) {
        return tokenKeys.partitionKey(capsule, tokenId);
    }

    static String cidKey(String cid) {
        return TableKeys.cid(cid);
    }

    static String shard(String cid) {
        return Integer.toString(Math.floorMod(cid.hashCode(), LedgerTable.STATE_SHARDS));
    }

    static String stateKey(PinState state, String cid) {
        return TableKeys.queueShard(state.name(), shard(cid));
    }

    static String deepKey(String cid) {
        return TableKeys.queueShard(TableKeys.DEEP_QUEUE, shard(cid));
    }

    /** A chain position that sorts as text: block, then log index. */
    static String uriAt(long block, long logIndex) {
        return String.format("%015d#%08d", block, logIndex);
    }

    static String dueKey(Instant due, String cid) {
        return String.format("%015d#%s", due.toEpochMilli(), cid);
    }

    private static AttributeValue s(String v) {
        return AttributeValue.builder().s(v).build();
    }

    private static AttributeValue n(long v) {
        return AttributeValue.builder().n(Long.toString(v)).build();
    }

    private static AttributeValue ss(String v) {
        return AttributeValue.builder().ss(v).build();
    }

    private static AttributeValue meta(Map<String, String> m) {
        Map<String, AttributeValue> values = new HashMap<>();
        m.forEach((k, v) -> values.put(k, s(v)));
        return AttributeValue.fromM(values);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(LedgerTable.PK, s(pk), LedgerTable.SK, s(sk));
    }

    @Override
    public RecordOutcome recordMint(MintRecord mint) {
        Instant now = clock.instant();
        Map<String, AttributeValue> logItem = mintLogItem(mint, now);
        TransactWriteItem tokenPut = TransactWriteItem.builder().put(Put.builder().tableName(table).item(mintTokenLink(mint, now)).build()).build();
        try {
            return new RecordOutcome.Recorded(createOrJoin(existing -> mintWrites(mint, now, logItem, tokenPut, existing), 1));
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (!reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                // The LOG item's condition: this log is already recorded.
                Map<String, AttributeValue> old = reasons.get(0).item();
                return new RecordOutcome.Duplicate(attr(old, "outcome").orElse("ACCEPTED"), attr(old, "cid").orElse(""));
            }
            throw new LedgerUnavailableException("recordMint", e);
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordMint", e);
        }
    }

    /** The LOG item of an accepted mint, in the block index. */
    private static Map<String, AttributeValue> mintLogItem(MintRecord mint, Instant now) {
        String logPk = mint.log().partitionKey();
        Map<String, AttributeValue> logItem = new HashMap<>();
        logItem.put(LedgerTable.PK, s(logPk));
        logItem.put(LedgerTable.SK, s(LOG_SK));
        logItem.put("outcome", s("ACCEPTED"));
        logItem.put("cid", s(mint.cid()));
        logItem.put("tokenId", s(mint.tokenId()));
        logItem.put("capsule", s(mint.capsule()));
        logItem.put("blockNumber", n(mint.blockNumber()));
        logItem.put("blockHash", s(mint.blockHash()));
        logItem.put("provider", s(mint.provider()));
        logItem.put("firstSeen", s(now.toString()));
        // The block index: the reconciliation finds a block range's recorded logs to check them against the canonical chain.
        logItem.put(LedgerTable.GSI1PK, s(blockIndexKey(mint.log().chainId(), mint.blockNumber(), logPk)));
        logItem.put(LedgerTable.GSI1SK, s(blockIndexSort(mint.blockNumber(), logPk)));
        return logItem;
    }

    /** The TOKEN → CID link of a mint; for metadata to resolve, also its deep pinning queue entry. */
    private Map<String, AttributeValue> mintTokenLink(MintRecord mint, Instant now) {
        Map<String, AttributeValue> tokenItem = new HashMap<>(key(tokenPk(mint.capsule(), mint.tokenId()), cidKey(mint.cid())));
        tokenItem.put("cid", s(mint.cid()));
        tokenItem.put("log", s(mint.log().partitionKey()));
        // Where on chain the token URI was set: of a token's URI links, the latest is its current one (ERC-4906 updates).
        tokenItem.put("uriAt", s(uriAt(mint.blockNumber(), mint.log().logIndex())));
        if (!mint.contentPath().isEmpty()) {
            tokenItem.put("path", s(mint.contentPath()));
        }
        if (mint.resolveReferences()) {
            // The token link doubles as the deep pinning queue entry (sparse: only queued links carry GSI keys).
            tokenItem.put("role", s("metadata"));
            tokenItem.put("deep", s("PENDING"));
            tokenItem.put("deepAttempts", n(0));
            tokenItem.put(LedgerTable.GSI1PK, s(deepKey(mint.cid())));
            tokenItem.put(LedgerTable.GSI1SK, s(dueKey(now, mint.cid())));
        }
        return tokenItem;
    }

    /** The mint's transaction against the request as last seen: the LOG item (once), the PIN upsert, the token link. */
    private List<TransactWriteItem> mintWrites(MintRecord mint, Instant now, Map<String, AttributeValue> logItem, TransactWriteItem tokenPut,
            Optional<PinRequest> existing) {
        String logPk = mint.log().partitionKey();
        boolean listLog = existing.map(p -> p.activeLogs().size() < PinRequest.LISTED_LOGS).orElse(true);
        Map<String, AttributeValue> log = logItem;
        if (!listLog) {
            // Counted, not listed, on the request: a reorg of this log decrements the counter instead.
            log = new HashMap<>(logItem);
            log.put("activeSlot", s("counted"));
        }
        return List.of(TransactWriteItem.builder().put(Put.builder().tableName(table).item(log)
                        .conditionExpression("attribute_not_exists(PK) OR outcome = :reorged")
                        .expressionAttributeValues(Map.of(":reorged", s("REORGED")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build()).build(),
                TransactWriteItem.builder().update(pinRequestUpsert(mint.cid(), mint.tokenId(), logPk, mint.capsule(),
                        mint.replicationMin(), mint.replicationMax(), now, Map.of("pinName", s(mint.pinName()),
                                "pinMeta", meta(Map.of("tokenId", mint.tokenId(), "txHash", mint.log().txHash()))),
                        existing, listLog)).build(),
                tokenPut);
    }

    /** A token joins the listed ones while there is room (or is listed already: adding it again changes nothing). */
    private static boolean listsToken(Optional<PinRequest> existing, String tokenId) {
        return existing.map(p -> p.tokenIds().size() < PinRequest.LISTED_TOKENS || p.tokenIds().contains(tokenId)).orElse(true);
    }

    /**
     * One transaction holding the PIN item's upsert at {@code pinAt}, built by {@code itemsFor} from the request
     * as it stands (empty: none yet), with a condition on that snapshot (see {@link #pinRequestUpsert}). It runs
     * first as a create ({@code attribute_not_exists(PK)} on the PIN item) — one transaction in the usual case, a
     * CID per token. When the request exists (a shared image, a collection directory), the failed condition hands
     * back its item and the transaction is built again from it and runs as a join (or, when every log of the
     * request had been reorged away and the sweep had orphaned it, as a revival), so the caller learns the
     * request's state and cluster name, and the upsert whether the set it adds to is full, without a read. A
     * snapshot outdated by a concurrent write fails its condition the same way and is replaced, a bounded number
     * of times. Returns the request as it stood before a join, or empty when this write created it. Any other
     * cancellation (another item's condition, a conflict) is thrown for the caller to classify.
     */
    private Optional<PinRequest> createOrJoin(Function<Optional<PinRequest>, List<TransactWriteItem>> itemsFor, int pinAt) {
        Optional<PinRequest> existing = Optional.empty();
        for (int attempt = 1; ; attempt++) {
            try {
                transact(itemsFor.apply(existing));
                return existing;
            } catch (TransactionCanceledException e) {
                List<CancellationReason> reasons = e.cancellationReasons();
                boolean onlyThePinConditionFailed = reasons.size() > pinAt && "ConditionalCheckFailed".equals(reasons.get(pinAt).code())
                        && reasons.get(pinAt).hasItem() && !reasons.get(pinAt).item().isEmpty()
                        && IntStream.range(0, reasons.size()).filter(i -> i != pinAt)
                                .allMatch(i -> reasons.get(i).code() == null || "None".equals(reasons.get(i).code()));
                if (!onlyThePinConditionFailed || attempt == SNAPSHOT_ATTEMPTS) {
                    throw e;
                }
                existing = Optional.of(toPin(reasons.get(pinAt).item()));
            }
        }
    }

    /**
     * Runs the transaction; one cancelled only by {@code TransactionConflict} (another transaction held one of its
     * items: two tokens on one CID written at once, the reconciliation's parallel partitions on a collection
     * directory) is run again, a bounded number of times with a short jittered pause. A conflict writes
     * nothing, so running again is safe; the SDK does not retry cancellations itself.
     */
    private void transact(List<TransactWriteItem> items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(r -> r.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt == CONFLICT_ATTEMPTS || !onlyConflicts(e)) {
                    throw e;
                }
                pauseAfterConflict(attempt);
            }
        }
    }

    private static boolean onlyConflicts(TransactionCanceledException e) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.stream().anyMatch(r -> "TransactionConflict".equals(r.code()))
                && reasons.stream().allMatch(r -> r.code() == null || "None".equals(r.code()) || "TransactionConflict".equals(r.code()));
    }

    private void pauseAfterConflict(int attempt) {
        try {
            sleeper.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(5, 20) * attempt));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("transaction", interrupted);
        }
    }

    /**
     * The PIN item's create-or-join update, conditioned on {@code existing}, the request as the caller last saw it:
     * none → create it PENDING with its due time ({@code attribute_not_exists(PK)}); ORPHANED (every log that
     * asked for it had been reorged away) → revive it as PENDING, due now; otherwise → join it, keeping its state
     * (a new token never moves a SUBMITTED or PINNED request back). Either way it gains the token and the active
     * key (a log key, or a parent's VIA# marker) — listed, or, once the lists are full
     * ({@link PinRequest#LISTED_TOKENS}, {@link PinRequest#LISTED_LOGS}), counted. {@code createOnly} attributes
     * are set only when absent. A failed condition returns the item as it is now.
     */
    private Update pinRequestUpsert(String cid, String tokenId, String activeKey, String capsule, int rmin, int rmax, Instant now,
            Map<String, AttributeValue> createOnly, Optional<PinRequest> existing, boolean listActive) {
        UpsertPlan plan = UpsertPlan.of(existing, tokenId, rmin, rmax, listActive);
        Map<String, String> names = Map.of("#state", "state", "#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK);
        Map<String, AttributeValue> values = upsertValues(plan, cid, tokenId, activeKey, capsule, now);
        String update = upsertExpression(plan, createOnly, values);
        String condition = upsertCondition(plan, existing, values);
        return Update.builder().tableName(table).key(key(cidKey(cid), PIN_SK)).updateExpression(update).conditionExpression(condition)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).expressionAttributeNames(names)
                .expressionAttributeValues(values).build();
    }

    /**
     * What a create-or-join does to the PIN item, decided from the request as the caller last saw it: whether the
     * token and the active key are listed or counted, whether an ORPHANED request is revived, and whether the
     * replication factors are raised (and, for a request already sent to the cluster, resent).
     */
    private record UpsertPlan(boolean listToken, boolean listActive, boolean revive, boolean raise, boolean resend,
            int prevMin, int prevMax, int newMin, int newMax) {

        static UpsertPlan of(Optional<PinRequest> existing, String tokenId, int rmin, int rmax, boolean listActive) {
            boolean revive = existing.map(p -> p.state() == PinState.ORPHANED).orElse(false);
            // Content shared by capsules is kept as well as the most demanding of them asks: the largest minimum and maximum.
            int prevMin = existing.map(PinRequest::replicationMin).orElse(0);
            int prevMax = existing.map(PinRequest::replicationMax).orElse(0);
            boolean raise = existing.isPresent() && (rmin > prevMin || rmax > prevMax);
            // The cluster holds its pin with the factors it was sent: raised ones go back to the queue to be sent again.
            boolean resend = raise && existing.map(p -> p.state() == PinState.SUBMITTED || p.state() == PinState.PINNED).orElse(false);
            return new UpsertPlan(listsToken(existing, tokenId), listActive, revive, raise, resend, prevMin, prevMax,
                    Math.max(rmin, prevMin), Math.max(rmax, prevMax));
        }
    }

    private static Map<String, AttributeValue> upsertValues(UpsertPlan plan, String cid, String tokenId, String activeKey, String capsule,
            Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pending", s(PinState.PENDING.name()));
        values.put(":gpk", s(stateKey(PinState.PENDING, cid)));
        values.put(":gsk", s(dueKey(now, cid)));
        values.put(":now", s(now.toString()));
        values.put(":nowMs", n(now.toEpochMilli()));
        if (plan.listToken()) {
            values.put(":token", ss(tokenId));
            values.put(":tokenRef", ss(capsule + TOKEN_REF_SEPARATOR + tokenId));
        }
        if (plan.listActive()) {
            values.put(":active", ss(activeKey));
        }
        if (!plan.listToken() || !plan.listActive()) {
            values.put(":one", n(1));
        }
        values.put(":capsule", s(capsule));
        values.put(":capsules", ss(capsule));
        values.put(":rmin", n(plan.newMin()));
        values.put(":rmax", n(plan.newMax()));
        values.put(":zero", n(0));
        values.put(":cid", s(cid));
        if (plan.resend()) {
            values.put(":resubmit", s("replication raised to " + plan.newMin() + "/" + plan.newMax()));
        }
        return values;
    }

    /** The update expression; adds the values of the {@code createOnly} attributes it sets. */
    private static String upsertExpression(UpsertPlan plan, Map<String, AttributeValue> createOnly, Map<String, AttributeValue> values) {
        StringBuilder extra = new StringBuilder();
        createOnly.forEach((attribute, value) -> {
            values.put(":c_" + attribute, value);
            extra.append(", ").append(attribute).append(" = if_not_exists(").append(attribute).append(", :c_").append(attribute).append(')');
        });
        // GSI1PK always exists on a PIN item, so if_not_exists keeps the current state's key and only a new
        // request enters the PENDING partition (or a revived one re-enters it).
        String queue = plan.revive() || plan.resend()
                ? "SET #state = :pending, #gpk = :gpk, #gsk = :gsk, nextAttemptAt = :nowMs, " + (plan.resend() ? "resubmit = :resubmit, " : "")
                : "SET #state = if_not_exists(#state, :pending), #gpk = if_not_exists(#gpk, :gpk), "
                        + "#gsk = if_not_exists(#gsk, :gsk), nextAttemptAt = if_not_exists(nextAttemptAt, :nowMs), ";
        return queue + "requestedAt = if_not_exists(requestedAt, :now), "
                + "capsule = if_not_exists(capsule, :capsule), "
                + (plan.raise() ? "rmin = :rmin, rmax = :rmax, " : "rmin = if_not_exists(rmin, :rmin), rmax = if_not_exists(rmax, :rmax), ")
                + "attempts = if_not_exists(attempts, :zero), cid = :cid" + extra + " "
                + "ADD capsules :capsules, " + (plan.listToken() ? "tokenIds :token, tokenRefs :tokenRef" : "moreTokens :one") + ", "
                + (plan.listActive() ? "activeLogs :active" : "moreActiveLogs :one")
                // A log asking for it again makes it used: off the release path (a revival also forgets an earlier release).
                + " REMOVE unusedSince" + (plan.revive() ? ", lastError, releaseState, releasedAt" : "");
    }

    /** The condition on the request as the caller last saw it; adds the values it compares with. */
    private static String upsertCondition(UpsertPlan plan, Optional<PinRequest> existing, Map<String, AttributeValue> values) {
        if (existing.isEmpty()) {
            return "attribute_not_exists(PK)";
        }
        values.put(":orphaned", s(PinState.ORPHANED.name()));
        String condition = plan.revive() ? "#state = :orphaned" : "attribute_exists(PK) AND NOT #state = :orphaned";
        if (plan.resend()) {
            values.put(":seen", s(existing.get().state().name()));
            condition += " AND #state = :seen";
        }
        if (plan.raise()) {
            // Raised from the snapshot: a concurrent raise fails this, hands back the item, and the max is taken again.
            values.put(":prevMin", n(plan.prevMin()));
            values.put(":prevMax", n(plan.prevMax()));
            condition += " AND " + (plan.prevMin() == 0 ? "attribute_not_exists(rmin)" : "rmin = :prevMin")
                    + " AND " + (plan.prevMax() == 0 ? "attribute_not_exists(rmax)" : "rmax = :prevMax");
        }
        return condition;
    }

    private static Optional<String> attr(Map<String, AttributeValue> item, String name) {
        if (item == null || !item.containsKey(name) || item.get(name).s() == null) {
            return Optional.empty();
        }
        return Optional.of(item.get(name).s());
    }

    @Override
    public boolean recordRejected(LogKey log, TokenRef token, RejectionKind kind, String reason, String provider) {
        String now = clock.instant().toString();
        Map<String, AttributeValue> item = new HashMap<>(key(log.partitionKey(), LOG_SK));
        item.put("outcome", s("REJECTED"));
        item.put("tokenId", s(token.tokenId()));
        if (!token.capsule().isEmpty()) {
            item.put("capsule", s(token.capsule()));
        }
        item.put("kind", s(kind.wire()));
        item.put("reason", s(reason));
        item.put("provider", s(provider));
        item.put("firstSeen", s(now));
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).conditionExpression("attribute_not_exists(PK)")
                .build()).build());
        if (token.numeric() && !token.capsule().isEmpty()) {
            Map<String, AttributeValue> link = new HashMap<>(key(tokenPk(token.capsule(), token.tokenId()), TableKeys.REJECTED_SK_PREFIX + log.partitionKey()));
            link.put("kind", s(kind.wire()));
            link.put("reason", s(clip(reason, 500)));
            link.put("log", s(log.partitionKey()));
            link.put("at", s(now));
            items.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(link).build()).build());
            items.add(TransactWriteItem.builder().update(countersUpdate(Map.of(kind.wire(), 1L))).build());
        }
        try {
            transact(items);
            return true;
        } catch (TransactionCanceledException e) {
            if (!e.cancellationReasons().isEmpty() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                return false; // the log was recorded before
            }
            throw new LedgerUnavailableException("recordRejected", e);
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordRejected", e);
        }
    }

    @Override
    public void recordReorged(LogKey log, String provider, ReorgReason reason) {
        String logPk = log.partitionKey();
        Instant now = clock.instant();
        try {
            Map<String, AttributeValue> old = dynamo.updateItem(r -> r.tableName(table).key(key(logPk, LOG_SK))
                    .updateExpression("SET outcome = :reorged, reorgedAt = :now, provider = if_not_exists(provider, :p), "
                            + "reorgReason = if_not_exists(reorgReason, :reason)")
                    .expressionAttributeValues(Map.of(":reorged", s("REORGED"), ":now", s(now.toString()), ":p", s(provider),
                            ":reason", s(reason.wire())))
                    .returnValues(ReturnValue.ALL_OLD)).attributes();
            Optional<String> cid = attr(old, "cid");
            if (cid.isEmpty()) {
                return; // never recorded as a mint: nothing requested on its account
            }
            boolean turned = attr(old, "outcome").orElse("").equals("ACCEPTED");
            // The token's partition: a log recorded before capsules is the legacy capsule's.
            Optional<String> tokenPk = attr(old, "tokenId").map(t -> tokenPk(attr(old, "capsule").orElse(tokenKeys.legacyCapsule()), t));
            // Flagged again on a repeated call (a retry after a failed write), counted only by the call that turned it.
            flagOrphanedLink(tokenPk, cid.get(), logPk, reason, now, turned);
            Optional<Map<String, AttributeValue>> after = detach(cid.get(), logPk, attr(old, "activeSlot").orElse("").equals("counted"), turned);
            if (after.isPresent() && !toPin(after.get()).hasActiveLog()) {
                markUnused(cid.get(), now, true);
                tokenPk.ifPresent(token -> childrenVia(token, cid.get()).forEach(child -> markUnusedChild(child, now)));
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordReorged", e);
        }
    }

    /**
     * Takes the log off its CID's request and returns the request as it is now (empty when it is gone). A counted log
     * decrements the count once, only when this call is what turned the log REORGED: should that write fail, the count
     * stays one high — at worst a reorged log's CID is still pinned, never the reverse (an active one left unpinned).
     * Removing the last element of a set removes the attribute: a CID with no active log left fails markSubmitted's
     * condition and is never pinned on a reorged log's account.
     */
    private Optional<Map<String, AttributeValue>> detach(String cid, String logPk, boolean counted, boolean turned) {
        try {
            if (counted && !turned) {
                return Optional.ofNullable(dynamo.getItem(g -> g.tableName(table).key(key(cidKey(cid), PIN_SK)).consistentRead(true)).item())
                        .filter(i -> !i.isEmpty());
            }
            return Optional.of(dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(cid), PIN_SK))
                    .updateExpression(counted ? "ADD moreActiveLogs :minusOne" : "DELETE activeLogs :log")
                    .conditionExpression(counted ? "attribute_exists(PK) AND moreActiveLogs > :zero" : "attribute_exists(PK)")
                    .expressionAttributeValues(counted ? Map.of(":minusOne", n(-1), ":zero", n(0)) : Map.of(":log", ss(logPk)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes());
        } catch (ConditionalCheckFailedException gone) {
            return Optional.empty(); // the pin item no longer exists (or the count is spent): nothing to detach
        }
    }

    /** The token's link to the CID says which of its mints is orphaned and why (only the link this log wrote). */
    private void flagOrphanedLink(Optional<String> tokenPk, String cid, String logPk, ReorgReason reason, Instant now, boolean count) {
        if (tokenPk.isEmpty()) {
            return;
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(tokenPk.get(), cidKey(cid)))
                    .updateExpression("SET orphanReason = :reason, orphanedAt = :now").conditionExpression("#log = :log")
                    .expressionAttributeNames(Map.of("#log", "log"))
                    .expressionAttributeValues(Map.of(":reason", s(reason.wire()), ":now", s(now.toString()), ":log", s(logPk))));
        } catch (ConditionalCheckFailedException otherLog) {
            // the link was written by another log of the token (or is gone): this orphaned mint is not what it shows
        }
        if (!count) {
            return;
        }
        Update u = countersUpdate(Map.of(ORPHANED_MINTS + reason.wire(), 1L));
        dynamo.updateItem(r -> r.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                .expressionAttributeNames(u.expressionAttributeNames()).expressionAttributeValues(u.expressionAttributeValues()));
    }

    /** The CIDs a token's deep pinning recorded through {@code parentCid} (their {@code VIA#} marker names it). */
    private List<String> childrenVia(String tokenPk, String parentCid) {
        List<String> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :cid)")
                    .filterExpression("via = :parent").exclusiveStartKey(from)
                    .expressionAttributeValues(Map.of(":pk", s(tokenPk), ":cid", s(TableKeys.CID_PREFIX), ":parent", s(parentCid))));
            page.items().forEach(i -> attr(i, "cid").ifPresent(out::add));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return out;
    }

    /**
     * A CID the token's deep pinning found through a document that just lost its last live mint: queued too unless
     * something live still uses it (a mint of its own, another live document referencing it), so its lookup never says
     * "held only by orphaned mints" for content a live token uses. The release judges it again when it is due.
     */
    private void markUnusedChild(String cid, Instant now) {
        findPin(cid).filter(child -> !LiveUse.used(child, this::findPin)).ifPresent(child -> markUnused(cid, now, false));
    }

    /**
     * The request lost its last live user at {@code now} (kept if already set): it joins the release queue. A mint's
     * request only while it still has no active log ({@code mustBeUnused}); a referenced CID keeps its parents' markers,
     * so the release decides on their liveness.
     */
    private void markUnused(String cid, Instant now, boolean mustBeUnused) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", n(now.toEpochMilli())));
        String condition = "attribute_exists(PK)";
        if (mustBeUnused) {
            values.put(":zero", n(0));
            condition += " AND attribute_not_exists(activeLogs) AND (attribute_not_exists(moreActiveLogs) OR moreActiveLogs <= :zero)";
        }
        String c = condition;
        try {
            Map<String, AttributeValue> set = dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(cid), PIN_SK))
                    .updateExpression("SET unusedSince = if_not_exists(unusedSince, :now)").conditionExpression(c)
                    .expressionAttributeValues(values).returnValues(ReturnValue.UPDATED_NEW)).attributes();
            long since = Long.parseLong(set.get("unusedSince").n());
            Map<String, AttributeValue> entry = new HashMap<>(releaseKey(cid, Instant.ofEpochMilli(since)));
            entry.put("cid", s(cid));
            entry.put("since", n(since));
            dynamo.putItem(r -> r.tableName(table).item(entry));
        } catch (ConditionalCheckFailedException usedAgain) {
            // a live log joined meanwhile, or the request is gone: nothing to release
        }
    }

    private static final String RELEASE_PREFIX = TableKeys.queueShard(TableKeys.RELEASE_QUEUE, "");
    private static final String ORPHANED_MINTS = "orphaned_mints_";
    /** Blocks per partition of the block index: a checked range touches one or two of them. */
    static final long BLOCK_BUCKET = 100_000;

    static String blockIndexKey(long chainId, long block, String logPk) {
        return TableKeys.blockIndex(chainId, block / BLOCK_BUCKET, shard(logPk));
    }

    static String blockIndexSort(long block, String logPk) {
        return String.format("%015d#%s", block, logPk);
    }

    /** The release queue's entry for a CID unused since {@code since}: {@code RELEASE#<shard>} / {@code <since>#<cid>}. */
    private static Map<String, AttributeValue> releaseKey(String cid, Instant since) {
        return key(RELEASE_PREFIX + shard(cid), dueKey(since, cid));
    }

    @Override
    public List<RecordedLog> logsInBlocks(long chainId, long fromBlock, long toBlock) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        String lower = String.format("%015d#", fromBlock);
        String upper = String.format("%015d#\uffff", toBlock);
        try {
            for (long bucket = fromBlock / BLOCK_BUCKET; bucket <= toBlock / BLOCK_BUCKET; bucket++) {
                for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                    QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(LedgerTable.GSI_BY_STATE)
                            .keyConditionExpression("#gpk = :gpk AND #gsk BETWEEN :lo AND :hi")
                            .expressionAttributeNames(Map.of("#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK))
                            .expressionAttributeValues(Map.of(":gpk", s(TableKeys.blockIndex(chainId, bucket, Integer.toString(shard))), ":lo", s(lower),
                                    ":hi", s(upper)));
                    QueryResponse page;
                    do {
                        page = dynamo.query(query.build());
                        page.items().forEach(k -> keys.add(key(k.get(LedgerTable.PK).s(), k.get(LedgerTable.SK).s())));
                        query.exclusiveStartKey(page.lastEvaluatedKey());
                    } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
                }
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("logsInBlocks", e);
        }
        return BatchReads.getAll(dynamo, table, keys, "logsInBlocks", sleeper).stream()
                .filter(i -> i.containsKey("cid") && i.containsKey("blockNumber"))
                .map(i -> new RecordedLog(LogKey.parse(i.get(LedgerTable.PK).s()), attr(i, "tokenId").orElse(""), i.get("cid").s(),
                        Long.parseLong(i.get("blockNumber").n()), attr(i, "blockHash").orElse(""), attr(i, "outcome").orElse("")))
                .sorted(Comparator.comparingLong(RecordedLog::blockNumber).thenComparing(l -> l.log().partitionKey()))
                .toList();
    }

    @Override
    public List<ReleaseCandidate> releaseDue(Instant unusedBefore, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        try {
            for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                String pk = RELEASE_PREFIX + shard;
                items.addAll(dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND SK <= :upper").consistentRead(true)
                        .expressionAttributeValues(Map.of(":pk", s(pk), ":upper", s(dueKey(unusedBefore, "\uffff")))).limit(limit)).items());
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("releaseDue", e);
        }
        items.sort(Comparator.comparing(i -> i.get(LedgerTable.SK).s()));
        return items.subList(0, Math.min(limit, items.size())).stream()
                .map(i -> new ReleaseCandidate(i.get("cid").s(), Instant.ofEpochMilli(Long.parseLong(i.get("since").n())))).toList();
    }

    @Override
    public boolean beginRelease(PinRequest seen, String reason) {
        if (seen.unusedSince().isEmpty()) {
            return false;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", s(PinState.ORPHANED.name()));
        values.put(":gpk", s(stateKey(PinState.ORPHANED, seen.cid())));
        values.put(":unpinning", s(PinRequest.UNPINNING));
        values.put(":released", s(PinRequest.RELEASED));
        values.put(":reason", s(reason));
        values.put(":seen", s(seen.state().name()));
        values.put(":since", n(seen.unusedSince().get().toEpochMilli()));
        values.put(":zero", n(0));
        String logs = "attribute_not_exists(activeLogs)";
        if (!seen.activeLogs().isEmpty()) {
            values.put(":n", n(seen.activeLogs().size()));
            logs = "size(activeLogs) = :n";
        }
        // As seen: no log joined (it would add to the set or the count, and clear unusedSince), not released already.
        return transition("beginRelease", seen.cid(), "SET #state = :to, #gpk = :gpk, releaseState = :unpinning, lastError = :reason",
                "#state = :seen AND unusedSince = :since AND " + logs
                        + " AND (attribute_not_exists(moreActiveLogs) OR moreActiveLogs <= :zero)"
                        + " AND (attribute_not_exists(releaseState) OR releaseState <> :released)", values);
    }

    @Override
    public boolean completeRelease(String cid, Instant at) {
        Map<String, AttributeValue> after;
        try {
            after = dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(cid), PIN_SK))
                    .updateExpression("SET releaseState = :released, releasedAt = :at")
                    .conditionExpression("#state = :orphaned AND releaseState = :unpinning")
                    .expressionAttributeNames(Map.of("#state", "state"))
                    .expressionAttributeValues(Map.of(":released", s(PinRequest.RELEASED), ":at", s(at.toString()),
                            ":orphaned", s(PinState.ORPHANED.name()), ":unpinning", s(PinRequest.UNPINNING)))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException revived) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("completeRelease", e);
        }
        try {
            if (after.containsKey("unusedSince")) {
                dynamo.deleteItem(r -> r.tableName(table).key(releaseKey(cid, Instant.ofEpochMilli(Long.parseLong(after.get("unusedSince").n())))));
            }
            Update u = countersUpdate(Map.of("orphans_released", 1L));
            dynamo.updateItem(r -> r.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                    .expressionAttributeNames(u.expressionAttributeNames()).expressionAttributeValues(u.expressionAttributeValues()));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("completeRelease", e);
        }
        return true;
    }

    @Override
    public boolean repinAfterRelease(String cid, Instant now) {
        return transition("repinAfterRelease", cid, "SET #state = :to, #gpk = :gpk, #gsk = :gsk, nextAttemptAt = :next",
                "#state IN (:submitted, :pinned)",
                Map.of(":to", s(PinState.PENDING.name()), ":gpk", s(stateKey(PinState.PENDING, cid)), ":gsk", s(dueKey(now, cid)),
                        ":next", n(now.toEpochMilli()), ":submitted", s(PinState.SUBMITTED.name()), ":pinned", s(PinState.PINNED.name())));
    }

    @Override
    public void dropReleaseCandidate(ReleaseCandidate candidate, boolean stillUsed) {
        try {
            dynamo.deleteItem(r -> r.tableName(table).key(releaseKey(candidate.cid(), candidate.unusedSince())));
            if (stillUsed) {
                dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(candidate.cid()), PIN_SK)).updateExpression("REMOVE unusedSince")
                        .conditionExpression("unusedSince = :since")
                        .expressionAttributeValues(Map.of(":since", n(candidate.unusedSince().toEpochMilli()))));
            }
        } catch (ConditionalCheckFailedException changed) {
            // unused again since (a newer entry is queued) or gone
        } catch (SdkException e) {
            throw new LedgerUnavailableException("dropReleaseCandidate", e);
        }
    }

    @Override
    public Optional<PinRequest> findPin(String cid) {
        GetItemResponse r;
        try {
            r = dynamo.getItem(g -> g.tableName(table).key(key(cidKey(cid), PIN_SK)).consistentRead(true));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("findPin", e);
        }
        return r.hasItem() && !r.item().isEmpty() ? Optional.of(toPin(r.item())) : Optional.empty();
    }

    /** The pin request of a stored {@code CID#<cid>/PIN} item: the one codec, shared with {@link DynamoDbStatusQueries}. */
    static PinRequest toPin(Map<String, AttributeValue> item) {
        return new PinRequest(
                item.get("cid").s(),
                PinState.valueOf(item.get("state").s()),
                item.containsKey("tokenIds") ? Set.copyOf(item.get("tokenIds").ss()) : Set.of(),
                num(item, "moreTokens"),
                attr(item, "capsule").orElse(""),
                num(item, "rmin"),
                num(item, "rmax"),
                Instant.parse(item.get("requestedAt").s()),
                attr(item, "submittedAt").map(Instant::parse),
                num(item, "attempts"),
                num(item, "refusals"),
                attr(item, "lastError").orElse(""),
                Instant.ofEpochMilli(item.containsKey("nextAttemptAt") ? Long.parseLong(item.get("nextAttemptAt").n()) : 0),
                item.containsKey("activeLogs") ? Set.copyOf(item.get("activeLogs").ss()) : Set.of(),
                num(item, "moreActiveLogs"),
                attr(item, "pinName").orElse(""),
                pinMeta(item),
                item.containsKey("capsules") ? Set.copyOf(item.get("capsules").ss()) : Set.of(),
                item.containsKey("tokenRefs") ? item.get("tokenRefs").ss().stream().map(DynamoDbLedger::tokenRef)
                        .collect(java.util.stream.Collectors.toSet()) : Set.of(),
                item.containsKey("unusedSince") ? Optional.of(Instant.ofEpochMilli(Long.parseLong(item.get("unusedSince").n()))) : Optional.empty(),
                attr(item, "releaseState").orElse(""),
                attr(item, "releasedAt").map(Instant::parse));
    }

    /** A {@code tokenRefs} element: {@code <capsule>/<tokenId>} (a capsule name has no slash). */
    private static TokenRef tokenRef(String stored) {
        int slash = stored.indexOf(TOKEN_REF_SEPARATOR);
        return new TokenRef(stored.substring(0, slash), stored.substring(slash + 1));
    }

    private static Map<String, String> pinMeta(Map<String, AttributeValue> item) {
        Map<String, String> out = new HashMap<>();
        if (item.containsKey("pinMeta") && item.get("pinMeta").hasM()) {
            item.get("pinMeta").m().forEach((k, v) -> out.put(k, v.s()));
        }
        return out;
    }

    private static int num(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Integer.parseInt(item.get(name).n()) : 0;
    }

    @Override
    public List<String> cidsForToken(TokenRef token) {
        try {
            QueryResponse r = dynamo.query(q -> q.tableName(table).keyConditionExpression("PK = :pk AND begins_with(SK, :cid)")
                    .expressionAttributeValues(Map.of(":pk", s(tokenKeys.partitionKey(token)), ":cid", s(TableKeys.CID_PREFIX))));
            List<String> out = new ArrayList<>();
            r.items().forEach(i -> out.add(i.get("cid").s()));
            return out;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("cidsForToken", e);
        }
    }

    @Override
    public SubmissionClaim claimSubmission(String cid, String owner, Instant now) {
        Instant until = now.plus(CLAIM_TIMEOUT);
        try {
            Map<String, AttributeValue> claimed = dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(cid), PIN_SK))
                    .updateExpression("SET claimOwner = :owner, claimedUntil = :until, nextAttemptAt = :until, #gsk = :gsk")
                    .conditionExpression("#state = :pending AND (attribute_exists(activeLogs) OR moreActiveLogs > :zero) "
                            + "AND (attribute_not_exists(claimedUntil) OR claimedUntil <= :now)")
                    .expressionAttributeNames(Map.of("#state", "state", "#gsk", LedgerTable.GSI1SK))
                    .expressionAttributeValues(Map.of(":owner", s(owner), ":until", n(until.toEpochMilli()), ":gsk", s(dueKey(until, cid)),
                            ":pending", s(PinState.PENDING.name()), ":zero", n(0), ":now", n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new SubmissionClaim.Claimed(toPin(claimed));
        } catch (ConditionalCheckFailedException refused) {
            return new SubmissionClaim.Refused(refused.hasItem() && !refused.item().isEmpty() ? Optional.of(toPin(refused.item()))
                    : Optional.empty());
        } catch (SdkException e) {
            throw new LedgerUnavailableException("claimSubmission", e);
        }
    }

    @Override
    public boolean markSubmitted(String cid, Instant at) {
        return markSubmitted(cid, at, "", Map.of());
    }

    @Override
    public boolean markSubmitted(String cid, Instant at, int sentMin, int sentMax) {
        return markSubmitted(cid, at, " AND " + (sentMin == 0 ? "attribute_not_exists(rmin)" : "rmin = :sentMin")
                + " AND " + (sentMax == 0 ? "attribute_not_exists(rmax)" : "rmax = :sentMax"), Map.of(":sentMin", n(sentMin), ":sentMax", n(sentMax)));
    }

    private boolean markSubmitted(String cid, Instant at, String sentFactors, Map<String, AttributeValue> sentValues) {
        // The queue's sort key becomes the submission time: the sweep's check for pins the cluster lost counts its
        // grace period from when the cluster took the pin, not from the mint (else a pin it just sent looks lost).
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":to", s(PinState.SUBMITTED.name()), ":gpk", s(stateKey(PinState.SUBMITTED, cid)),
                ":gsk", s(dueKey(at, cid)), ":at", s(at.toString()), ":pending", s(PinState.PENDING.name()), ":zero", n(0)));
        // DynamoDB refuses values the expressions do not use (a factor of 0 is checked as absent).
        sentValues.forEach((name, value) -> {
            if (sentFactors.contains(name)) {
                values.put(name, value);
            }
        });
        return transition("markSubmitted", cid,
                "SET #state = :to, #gpk = :gpk, #gsk = :gsk, submittedAt = :at REMOVE lastError, claimOwner, claimedUntil, resubmit",
                "#state = :pending AND (attribute_exists(activeLogs) OR moreActiveLogs > :zero)" + sentFactors, values);
    }

    @Override
    public boolean markOrphaned(String cid, String reason) {
        return transition("markOrphaned", cid, "SET #state = :to, #gpk = :gpk, lastError = :reason",
                "#state = :pending AND attribute_not_exists(activeLogs) AND (attribute_not_exists(moreActiveLogs) OR moreActiveLogs <= :zero)",
                Map.of(":to", s(PinState.ORPHANED.name()), ":gpk", s(stateKey(PinState.ORPHANED, cid)), ":reason", s(reason),
                        ":pending", s(PinState.PENDING.name()), ":zero", n(0)));
    }

    @Override
    public boolean markPinned(String cid, Instant at) {
        return transition("markPinned", cid, "SET #state = :to, #gpk = :gpk, pinnedAt = :at",
                "attribute_exists(PK) AND #state <> :failed AND attribute_not_exists(resubmit)",
                Map.of(":to", s(PinState.PINNED.name()), ":gpk", s(stateKey(PinState.PINNED, cid)), ":at", s(at.toString()),
                        ":failed", s(PinState.FAILED.name())));
    }

    @Override
    public void recordAttemptFailure(String cid, String error, Instant nextAttemptAt) {
        transition("recordAttemptFailure", cid,
                "SET lastError = :err, nextAttemptAt = :next, #gsk = :gsk ADD attempts :one REMOVE claimOwner, claimedUntil",
                "attribute_exists(PK)",
                Map.of(":err", s(error.length() > 500 ? error.substring(0, 500) : error), ":next", n(nextAttemptAt.toEpochMilli()),
                        ":gsk", s(dueKey(nextAttemptAt, cid)), ":one", n(1)));
    }

    @Override
    public void recordRefusal(String cid, String error, Instant nextAttemptAt) {
        transition("recordRefusal", cid,
                "SET lastError = :err, nextAttemptAt = :next, #gsk = :gsk ADD attempts :one, refusals :one REMOVE claimOwner, claimedUntil",
                "attribute_exists(PK)",
                Map.of(":err", s(error.length() > 500 ? error.substring(0, 500) : error), ":next", n(nextAttemptAt.toEpochMilli()),
                        ":gsk", s(dueKey(nextAttemptAt, cid)), ":one", n(1)));
    }

    @Override
    public boolean requeueFailed(String cid, Instant now) {
        return transition("requeueFailed", cid, "SET #state = :to, #gpk = :gpk, #gsk = :gsk, nextAttemptAt = :next, refusals = :zero",
                "#state = :failed",
                Map.of(":to", s(PinState.PENDING.name()), ":gpk", s(stateKey(PinState.PENDING, cid)), ":gsk", s(dueKey(now, cid)),
                        ":next", n(now.toEpochMilli()), ":zero", n(0), ":failed", s(PinState.FAILED.name())));
    }

    @Override
    public void markFailed(String cid, String reason) {
        transition("markFailed", cid, "SET #state = :to, #gpk = :gpk, lastError = :reason", "attribute_exists(PK)",
                Map.of(":to", s(PinState.FAILED.name()), ":gpk", s(stateKey(PinState.FAILED, cid)), ":reason", s(reason)));
    }

    private boolean transition(String op, String cid, String update, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        if (update.contains("#state") || condition.contains("#state")) {
            names.put("#state", "state");
        }
        if (update.contains("#gpk")) {
            names.put("#gpk", LedgerTable.GSI1PK);
        }
        if (update.contains("#gsk")) {
            names.put("#gsk", LedgerTable.GSI1SK);
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(cidKey(cid), PIN_SK)).updateExpression(update)
                    .conditionExpression(condition).expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException refused) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException(op, e);
        }
    }

    @Override
    public List<PinRequest> pendingDue(Instant dueBy, int limit) {
        return inState(PinState.PENDING, dueBy, limit, "pendingDue");
    }

    @Override
    public List<PinRequest> submittedBefore(Instant cutoff, int limit) {
        return inState(PinState.SUBMITTED, cutoff, limit, "submittedBefore");
    }

    private List<PinRequest> inState(PinState state, Instant dueBy, int limit, String op) {
        return BatchReads.getAll(dynamo, table, dueKeys(state.name(), dueBy, limit, op), op, sleeper).stream()
                .map(DynamoDbLedger::toPin).filter(p -> p.state() == state).toList();
    }

    /**
     * The table keys of the first {@code limit} entries due by {@code dueBy} in one sharded queue of the
     * keys-only {@code byState} index ({@code <queue>#0..7}), earliest first across shards.
     */
    private List<Map<String, AttributeValue>> dueKeys(String queue, Instant dueBy, int limit, String op) {
        if (limit <= 0) {
            return List.of(); // DynamoDB refuses a Query with Limit 0 (ValidationException)
        }
        String upper = dueKey(dueBy, "\uffff");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        try {
            for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                String gpk = TableKeys.queueShard(queue, Integer.toString(shard));
                QueryResponse r = dynamo.query(q -> q.tableName(table).indexName(LedgerTable.GSI_BY_STATE)
                        .keyConditionExpression("#gpk = :gpk AND #gsk <= :upper")
                        .expressionAttributeNames(Map.of("#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK))
                        .expressionAttributeValues(Map.of(":gpk", s(gpk), ":upper", s(upper))).limit(limit));
                keys.addAll(r.items());
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException(op, e);
        }
        keys.sort(Comparator.comparing(k -> k.get(LedgerTable.GSI1SK).s())); // due time (zero-padded), then CID
        return keys.subList(0, Math.min(limit, keys.size())).stream()
                .map(k -> key(k.get(LedgerTable.PK).s(), k.get(LedgerTable.SK).s())).toList();
    }

    private static final Map<String, AttributeValue> COUNTERS_KEY = key(TableKeys.COUNTERS_PK, TableKeys.FAILURES_SK);

    /** ADDs to the failure counters' item (one small item; these events are rare next to mints). */
    private Update countersUpdate(Map<String, Long> increments) {
        StringBuilder expr = new StringBuilder("ADD ");
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        int i = 0;
        for (Map.Entry<String, Long> e : increments.entrySet()) {
            expr.append(i == 0 ? "" : ", ").append("#c").append(i).append(" :c").append(i);
            names.put("#c" + i, e.getKey());
            values.put(":c" + i, n(e.getValue()));
            i++;
        }
        return Update.builder().tableName(table).key(COUNTERS_KEY).updateExpression(expr.toString()).expressionAttributeNames(names)
                .expressionAttributeValues(values).build();
    }

    @Override
    public Map<String, Long> failureCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (String k : List.of("not_ipfs", "refused_uri", "token_uri_reverted", "metadata_read_failed", "directory_skipped",
                "reference_not_ipfs", "reference_refused", "range_too_large", ORPHANED_MINTS + ReorgReason.DEEP_REORG.wire(),
                ORPHANED_MINTS + ReorgReason.REMOVED_BY_PROVIDER.wire(), "orphans_released")) {
            out.put(k, 0L);
        }
        try {
            Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table).key(COUNTERS_KEY)).item();
            if (item != null) {
                item.forEach((k, v) -> {
                    if (out.containsKey(k) && v.n() != null) {
                        out.put(k, Long.parseLong(v.n()));
                    }
                });
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("failureCounts", e);
        }
        out.put("orphaned", count(PinState.ORPHANED, Optional.empty()));
        out.put("orphans_awaiting_release", releaseQueueLength());
        return out;
    }

    /** Entries of the release queue (CIDs nothing live uses, not yet unpinned): COUNT queries over its partitions. */
    private long releaseQueueLength() {
        long total = 0;
        try {
            for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                QueryRequest.Builder query = QueryRequest.builder().tableName(table).select(Select.COUNT).keyConditionExpression("PK = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(RELEASE_PREFIX + shard)));
                total += countPages(query);
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("releaseQueueLength", e);
        }
        return total;
    }

    /** The items a COUNT query matches, over all its pages. */
    private long countPages(QueryRequest.Builder query) {
        long total = 0;
        QueryResponse page;
        do {
            page = dynamo.query(query.build());
            total += page.count();
            query.exclusiveStartKey(page.lastEvaluatedKey());
        } while (page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty());
        return total;
    }

    @Override
    public Backlog backlog(Instant now) {
        long pendingDue = count(PinState.PENDING, Optional.of(now));
        return new Backlog(pendingDue, count(PinState.PENDING, Optional.empty()) - pendingDue, count(PinState.SUBMITTED, Optional.empty()),
                count(PinState.FAILED, Optional.empty()));
    }

    /** Entries of one state's sharded queue (due by {@code dueBy} when given): COUNT queries, a page at a time. */
    private long count(PinState state, Optional<Instant> dueBy) {
        long total = 0;
        try {
            for (int shard = 0; shard < LedgerTable.STATE_SHARDS; shard++) {
                Map<String, AttributeValue> values = new HashMap<>(Map.of(":gpk", s(TableKeys.queueShard(state.name(), Integer.toString(shard)))));
                dueBy.ifPresent(d -> values.put(":upper", s(dueKey(d, "\uffff"))));
                QueryRequest.Builder query = QueryRequest.builder().tableName(table).indexName(LedgerTable.GSI_BY_STATE).select(Select.COUNT)
                        .keyConditionExpression("#gpk = :gpk" + (dueBy.isPresent() ? " AND #gsk <= :upper" : ""))
                        .expressionAttributeNames(dueBy.isPresent() ? Map.of("#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK)
                                : Map.of("#gpk", LedgerTable.GSI1PK))
                        .expressionAttributeValues(values);
                total += countPages(query);
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("backlog", e);
        }
        return total;
    }

    @Override
    public void recordPinOperation(PinOperation op) {
        Instant now = clock.instant();
        String id = now + "#" + UUID.randomUUID();
        Map<String, AttributeValue> fields = new HashMap<>();
        fields.put("cid", s(op.cid()));
        fields.put("kind", s(op.kind().wire()));
        fields.put("result", s(op.result().wire()));
        fields.put("detail", s(op.detail()));
        fields.put("requestId", s(op.requestId()));
        fields.put("at", s(now.toString()));
        fields.put(LedgerTable.TTL, n(now.plus(OPS_TTL).getEpochSecond()));
        // Two copies: by day for the dashboard's recent operations, under the CID for its own history.
        Map<String, AttributeValue> byDay = new HashMap<>(fields);
        byDay.putAll(TableKeys.opByDay(now, id));
        Map<String, AttributeValue> byCid = new HashMap<>(fields);
        byCid.putAll(TableKeys.opByCid(op.cid(), id));
        try {
            var response = dynamo.batchWriteItem(r -> r.requestItems(Map.of(table, List.of(
                    WriteRequest.builder()
                            .putRequest(p -> p.item(byDay)).build(),
                    WriteRequest.builder()
                            .putRequest(p -> p.item(byCid)).build()))));
            if (response.hasUnprocessedItems() && !response.unprocessedItems().isEmpty()) {
                dynamo.batchWriteItem(r -> r.requestItems(response.unprocessedItems()));
            }
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordPinOperation", e);
        }
    }


    @Override
    public Optional<ChainCheckpoint> checkpoint(String stream) {
        GetItemResponse r;
        try {
            r = dynamo.getItem(g -> g.tableName(table).key(TableKeys.checkpoint(stream)).consistentRead(true));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("checkpoint", e);
        }
        if (!r.hasItem() || r.item().isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = r.item();
        return Optional.of(new ChainCheckpoint(Long.parseLong(item.get("block").n()), attr(item, "blockHash").orElse(""),
                Instant.parse(item.get("updatedAt").s())));
    }

    @Override
    public boolean saveCheckpoint(String stream, Optional<Long> expectedBlock, ChainCheckpoint next) {
        Map<String, AttributeValue> item = new HashMap<>(TableKeys.checkpoint(stream));
        item.put("stream", s(stream));
        item.put("block", n(next.block()));
        item.put("blockHash", s(next.blockHash()));
        item.put("updatedAt", s(next.updatedAt().toString()));
        try {
            if (expectedBlock.isPresent()) {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("#b = :expected")
                        .expressionAttributeNames(Map.of("#b", "block"))
                        .expressionAttributeValues(Map.of(":expected", n(expectedBlock.get()))));
            } else {
                dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"));
            }
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("saveCheckpoint", e);
        }
    }

    @Override
    public List<DeepPinTask> deepPinsDue(Instant dueBy, int limit) {
        // The index holds keys only: attempts and the state come from the items themselves, re-checked there.
        return BatchReads.getAll(dynamo, table, dueKeys(TableKeys.DEEP_QUEUE, dueBy, limit, "deepPinsDue"), "deepPinsDue", sleeper).stream()
                .filter(item -> "PENDING".equals(attr(item, "deep").orElse("")))
                .map(item -> new DeepPinTask(tokenKeys.parse(item.get(LedgerTable.PK).s()).orElseThrow(), item.get("cid").s(),
                        attr(item, "path").orElse(""), num(item, "deepAttempts")))
                .toList();
    }

    @Override
    public Optional<PinRequest> recordDerived(DerivedPin pin) {
        Instant now = clock.instant();
        Map<String, AttributeValue> tokenItem = new HashMap<>(key(tokenPk(pin.capsule(), pin.tokenId()), cidKey(pin.cid())));
        tokenItem.put("cid", s(pin.cid()));
        tokenItem.put("role", s(pin.field()));
        tokenItem.put("via", s(pin.parentCid()));
        tokenItem.put("depth", n(pin.depth()));
        if (!pin.path().isEmpty()) {
            tokenItem.put("path", s(clip(pin.path(), 300)));
        }
        TransactWriteItem tokenPut = TransactWriteItem.builder().put(Put.builder().tableName(table).item(tokenItem).build()).build();
        try {
            return createOrJoin(existing -> List.of(TransactWriteItem.builder().update(pinRequestUpsert(pin.cid(), pin.tokenId(),
                    pin.viaKey(), pin.capsule(), pin.replicationMin(), pin.replicationMax(), now,
                    Map.of("parentCid", s(pin.parentCid()), "pinName", s(pin.pinName()),
                            "pinMeta", meta(Map.of("tokenId", pin.tokenId(), "parent", pin.parentCid(), "field", pin.field()))), existing,
                    // A parent's marker is never removed, so a full list only needs it counted once it is not there.
                    existing.map(p -> p.activeLogs().size() < PinRequest.LISTED_LOGS || p.activeLogs().contains(pin.viaKey()))
                            .orElse(true))).build(), tokenPut), 0);
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordDerived", e);
        }
    }

    @Override
    public void completeDeepPin(TokenRef token, String metadataCid, DeepPinResult result, String reason, List<ResolvedReference> references) {
        List<AttributeValue> refs = new ArrayList<>();
        for (ResolvedReference ref : references) {
            Map<String, AttributeValue> m = new HashMap<>();
            m.put("field", s(clip(ref.field(), 200)));
            m.put("uri", s(clip(ref.uri(), 300)));
            ref.cid().ifPresent(c -> m.put("cid", s(c)));
            if (!ref.path().isEmpty()) {
                m.put("path", s(clip(ref.path(), 300)));
            }
            m.put("depth", n(ref.depth()));
            if (!ref.foundIn().isEmpty()) {
                m.put("in", s(clip(ref.foundIn(), 300)));
            }
            if (!ref.note().isEmpty()) {
                m.put("note", s(ref.note()));
            }
            refs.add(AttributeValue.builder().m(m).build());
        }
        try {
            Map<String, AttributeValue> before = dynamo.updateItem(r -> r.tableName(table).key(key(tokenKeys.partitionKey(token), cidKey(metadataCid)))
                    .updateExpression("SET deep = :result, deepReason = :reason, deepRefs = :refs, deepAt = :now REMOVE #gpk, #gsk")
                    .conditionExpression("attribute_exists(PK)").returnValues(ReturnValue.UPDATED_OLD)
                    .expressionAttributeNames(Map.of("#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK))
                    .expressionAttributeValues(Map.of(":result", s(result.wire()), ":reason", s(reason),
                            ":refs", AttributeValue.builder().l(refs).build(), ":now", s(clock.instant().toString())))).attributes();
            // Counted when the reading first finishes; a repeated completion (an overlapping run) counts nothing.
            AttributeValue was = before == null ? null : before.get("deep");
            Map<String, Long> increments = deepFailures(result, reason, references);
            if ((was == null || "PENDING".equals(was.s())) && !increments.isEmpty()) {
                Update u = countersUpdate(increments);
                dynamo.updateItem(r -> r.tableName(table).key(u.key()).updateExpression(u.updateExpression())
                        .expressionAttributeNames(u.expressionAttributeNames()).expressionAttributeValues(u.expressionAttributeValues()));
            }
        } catch (ConditionalCheckFailedException gone) {
            // the token link vanished (never happens in practice): nothing left to complete
        } catch (SdkException e) {
            throw new LedgerUnavailableException("completeDeepPin", e);
        }
    }

    /** What a finished metadata reading adds to the failure counters (the reference notes are DocumentWalk's). */
    static Map<String, Long> deepFailures(DeepPinResult result, String reason, List<ResolvedReference> references) {
        Map<String, Long> out = new HashMap<>();
        if (result == DeepPinResult.FAILED) {
            out.put("metadata_read_failed", 1L);
        } else if (result == DeepPinResult.SKIPPED && reason.contains("directory")) {
            out.put("directory_skipped", 1L);
        }
        for (ResolvedReference ref : references) {
            if (ref.cid().isEmpty()) {
                out.merge(ref.note().startsWith("refused") ? "reference_refused" : "reference_not_ipfs", 1L, Long::sum);
            }
        }
        return out;
    }

    /** Bounds what a document's author controls (field names, URIs, paths), so a token's item stays far below 400 KB. */
    private static String clip(String text, int max) {
        return text.length() > max ? text.substring(0, max) + "…" : text;
    }

    @Override
    public void deferDeepPin(TokenRef token, String metadataCid, String error, Instant nextAttemptAt) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(tokenKeys.partitionKey(token), cidKey(metadataCid)))
                    .updateExpression("SET deepError = :err, #gsk = :gsk ADD deepAttempts :one")
                    .conditionExpression("attribute_exists(#gpk)")
                    .expressionAttributeNames(Map.of("#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK))
                    .expressionAttributeValues(Map.of(":err", s(error.length() > 500 ? error.substring(0, 500) : error),
                            ":gsk", s(dueKey(nextAttemptAt, metadataCid)), ":one", n(1))));
        } catch (ConditionalCheckFailedException done) {
            // already completed by an overlapping run
        } catch (SdkException e) {
            throw new LedgerUnavailableException("deferDeepPin", e);
        }
    }

    private static final String RANGE_SK = TableKeys.RANGE_SK;

    private static String rangeQueueKey(String logPk) {
        return TableKeys.queueShard(TableKeys.RANGE_QUEUE, shard(logPk));
    }

    @Override
    public boolean recordTokenRange(TokenRangeJob job) {
        String pk = job.log().partitionKey();
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":kind", s(job.kind().name()));
        values.put(":contract", s(job.contract()));
        values.put(":capsule", s(job.capsule()));
        values.put(":first", s(job.first().toString()));
        values.put(":last", s(job.last().toString()));
        values.put(":next", s(job.next().toString()));
        values.put(":block", n(job.blockNumber()));
        values.put(":hash", s(job.blockHash()));
        values.put(":provider", s(job.provider()));
        values.put(":pending", s(TokenRangeJob.State.PENDING.name()));
        values.put(":reorged", s(TokenRangeJob.State.REORGED.name()));
        values.put(":zero", n(0));
        values.put(":now", s(now.toString()));
        values.put(":gpk", s(rangeQueueKey(pk)));
        values.put(":gsk", s(dueKey(now, pk)));
        try {
            // A re-activated job (its log came back after a reorg) keeps its checkpoint: handled tokens are idempotent anyway.
            dynamo.updateItem(r -> r.tableName(table).key(key(pk, RANGE_SK))
                    .updateExpression("SET #kind = :kind, #contract = :contract, capsule = :capsule, firstToken = :first, lastToken = :last, "
                            + "nextToken = if_not_exists(nextToken, :next), blockNumber = :block, blockHash = :hash, "
                            + "#provider = if_not_exists(#provider, :provider), #state = :pending, #done = if_not_exists(#done, :zero), "
                            + "#skipped = if_not_exists(#skipped, :zero), firstSeen = if_not_exists(firstSeen, :now), #gpk = :gpk, #gsk = :gsk")
                    .conditionExpression("attribute_not_exists(PK) OR #state = :reorged")
                    .expressionAttributeNames(Map.of("#state", "state", "#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK,
                            "#kind", "kind", "#contract", "contract", "#provider", "provider", "#done", "done", "#skipped", "skipped"))
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException duplicate) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("recordTokenRange", e);
        }
    }

    @Override
    public void reorgTokenRange(LogKey log, String provider) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(log.partitionKey(), RANGE_SK))
                    .updateExpression("SET #state = :reorged, reorgedAt = :now, #provider = if_not_exists(#provider, :p) REMOVE #gpk, #gsk")
                    .expressionAttributeNames(Map.of("#state", "state", "#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK,
                            "#provider", "provider"))
                    .expressionAttributeValues(Map.of(":reorged", s(TokenRangeJob.State.REORGED.name()), ":now", s(clock.instant().toString()),
                            ":p", s(provider))));
        } catch (SdkException e) {
            throw new LedgerUnavailableException("reorgTokenRange", e);
        }
    }

    @Override
    public List<TokenRangeJob> tokenRangesDue(Instant dueBy, int limit) {
        return BatchReads.getAll(dynamo, table, dueKeys(TableKeys.RANGE_QUEUE, dueBy, limit, "tokenRangesDue"), "tokenRangesDue", sleeper).stream()
                .filter(item -> TokenRangeJob.State.PENDING.name().equals(attr(item, "state").orElse("")))
                .map(DynamoDbLedger::toRangeJob).toList();
    }

    private static TokenRangeJob toRangeJob(Map<String, AttributeValue> item) {
        String[] pk = item.get(LedgerTable.PK).s().split("#");
        return new TokenRangeJob(new LogKey(Long.parseLong(pk[1]), pk[2], Long.parseLong(pk[3])),
                TokenRangeJob.Kind.valueOf(item.get("kind").s()), item.get("contract").s(), attr(item, "capsule").orElse(""), new java.math.BigInteger(item.get("firstToken").s()),
                new java.math.BigInteger(item.get("lastToken").s()), new java.math.BigInteger(item.get("nextToken").s()),
                Long.parseLong(item.get("blockNumber").n()), attr(item, "blockHash").orElse(""), attr(item, "provider").orElse(""),
                TokenRangeJob.State.valueOf(item.get("state").s()), Long.parseLong(item.get("done").n()),
                Long.parseLong(item.get("skipped").n()), attr(item, "lastReason").orElse(""));
    }

    @Override
    public boolean advanceTokenRange(LogKey log, TokenRangeProgress progress) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":expected", s(progress.expectedNext().toString()));
        values.put(":next", s(progress.next().toString()));
        values.put(":done", n(progress.done()));
        values.put(":skipped", n(progress.skipped()));
        values.put(":pending", s(TokenRangeJob.State.PENDING.name()));
        values.put(":now", s(clock.instant().toString()));
        StringBuilder update = new StringBuilder("SET nextToken = :next, updatedAt = :now");
        if (!progress.lastReason().isEmpty()) {
            values.put(":reason", s(clip(progress.lastReason(), 500)));
            update.append(", lastReason = :reason");
        }
        Map<String, String> names = new HashMap<>(Map.of("#state", "state", "#done", "done", "#skipped", "skipped"));
        Map<String, AttributeValue> after;
        try {
            after = dynamo.updateItem(r -> r.tableName(table).key(key(log.partitionKey(), RANGE_SK))
                    .updateExpression(update + " ADD #done :done, #skipped :skipped")
                    .conditionExpression("#state = :pending AND nextToken = :expected")
                    .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)).attributes();
        } catch (ConditionalCheckFailedException moved) {
            return false;
        } catch (SdkException e) {
            throw new LedgerUnavailableException("advanceTokenRange", e);
        }
        try {
            if (progress.next().compareTo(new java.math.BigInteger(after.get("lastToken").s())) > 0) {
                // Past its last token: DONE, out of the queue (only the one call that moved it there gets here).
                dynamo.updateItem(r -> r.tableName(table).key(key(log.partitionKey(), RANGE_SK))
                        .updateExpression("SET #state = :doneState, doneAt = :now REMOVE #gpk, #gsk")
                        .conditionExpression("#state = :pending AND nextToken = :next")
                        .expressionAttributeNames(Map.of("#state", "state", "#gpk", LedgerTable.GSI1PK, "#gsk", LedgerTable.GSI1SK))
                        .expressionAttributeValues(Map.of(":doneState", s(TokenRangeJob.State.DONE.name()), ":now", s(clock.instant().toString()),
                                ":pending", s(TokenRangeJob.State.PENDING.name()), ":next", s(progress.next().toString()))));
            }
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return true; // another run moved it on meanwhile; this page's advance stands
        } catch (SdkException e) {
            throw new LedgerUnavailableException("advanceTokenRange", e);
        }
    }
}
