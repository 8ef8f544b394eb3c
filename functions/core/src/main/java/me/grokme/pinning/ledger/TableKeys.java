package me.grokme.pinning.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key layout of the one table: every partition key prefix, sort key and sharded queue name of every item kind is
 * spelled here and only here (the token partition by {@link TokenKeys}, the log partition by {@link LogKey}, which
 * take their prefixes from here). Every item kind is listed in functions/core/LEDGER.md.
 */
public final class TableKeys {

    public static final String CID_PREFIX = "CID#";
    public static final String HEALTH_SK = "HEALTH";
    public static final String PIN_SK = "PIN";
    public static final String OP_SK_PREFIX = "OP#";
    /** A token's items: the partition key itself is built only by {@link TokenKeys} (capsule and legacy layout). */
    public static final String TOKEN_PREFIX = "TOKEN#";
    public static final String EVENTS_PREFIX = "EVENTS#";
    public static final String OPS_PREFIX = "OPS#";

    /** A mint log's idempotency item: {@code LOG#<chainId>#<txHash>#<logIndex>[#<token>]} / {@code LOG} (see {@link LogKey}). */
    public static final String LOG_PREFIX = "LOG#";
    public static final String LOG_SK = "LOG";
    /** A token's link to a refused log: {@code TOKEN#…} / {@code REJECTED#<log key>}. */
    public static final String REJECTED_SK_PREFIX = "REJECTED#";
    /** The marker a derived pin keeps in {@code activeLogs} for its parent: {@code VIA#<parent cid>}. */
    public static final String VIA_PREFIX = "VIA#";
    /** A token range job: {@code <log key>} / {@code RANGE}, queued in {@link #RANGE_QUEUE}. */
    public static final String RANGE_SK = "RANGE";
    /** A chain stream's checkpoint: {@code CHAIN#<chainId>#<contract>} / {@code CHECKPOINT}. */
    public static final String CHAIN_PREFIX = "CHAIN#";
    public static final String CHECKPOINT_SK = "CHECKPOINT";
    /** The block index (GSI1): {@code BLOCKS#<chainId>#<block bucket>#<shard>}. */
    public static final String BLOCKS_PREFIX = "BLOCKS#";

    /** The sharded queues on GSI1 ({@code <queue>#<shard>}) besides the pin states' own (PENDING, SUBMITTED, …). */
    public static final String DEEP_QUEUE = "DEEP";
    public static final String RANGE_QUEUE = "RANGE";
    /** A CID's retrieval probe record: {@code CID#<cid>} / {@code PROBE}, queued in PROBED or PROBEFAIL. */
    public static final String PROBE_SK = "PROBE";
    public static final String PROBED_QUEUE = "PROBED";
    public static final String PROBE_FAILED_QUEUE = "PROBEFAIL";
    /** The release queue is a table partition, not GSI1: {@code RELEASE#<shard>} / {@code <since>#<cid>}. */
    public static final String RELEASE_QUEUE = "RELEASE";

    /** The failure counters: {@code COUNTERS} / {@code FAILURES}. */
    public static final String COUNTERS_PK = "COUNTERS";
    public static final String FAILURES_SK = "FAILURES";

    /** The sweep's state buckets: {@code SWEEP#<n>} (legacy) or {@code SWEEP#<buckets>#<n>}, and {@code SWEEP#LAYOUT}, all / {@code STATE}. */
    public static final String SWEEP_PREFIX = "SWEEP#";
    public static final String SWEEP_LAYOUT_PK = "SWEEP#LAYOUT";
    public static final String STATE_SK = "STATE";
    public static final String PEERS_PK = "PEERS";
    public static final String PEERS_SK = "ALL";
    public static final String LEASE_PK = "LEASE#sweep";
    public static final String LEASE_SK = "LEASE";

    /** The dashboard: {@code SUMMARY} / {@code CURRENT}. */
    public static final String SUMMARY_PK = "SUMMARY";
    public static final String CURRENT_SK = "CURRENT";

    /** Availability: {@code AVAIL} / {@code HIST#PEER#<name>}, {@code HIST#REPLICATION} and {@code CURRENT}. */
    public static final String AVAIL_PK = "AVAIL";
    public static final String HIST_PREFIX = "HIST#";
    public static final String HIST_REPLICATION_SK = HIST_PREFIX + "REPLICATION";
    public static final String HIST_PEER_PREFIX = HIST_PREFIX + "PEER#";

    private TableKeys() {
    }

    public static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(LedgerTable.PK, AttributeValue.fromS(pk), LedgerTable.SK, AttributeValue.fromS(sk));
    }

    public static String cid(String cid) {
        return CID_PREFIX + cid;
    }

    /** The sweep's last observation of a CID ({@link HealthRecord}). */
    public static Map<String, AttributeValue> health(String cid) {
        return key(cid(cid), HEALTH_SK);
    }

    /** The ledger's pin request for a CID ({@link PinRequest}). */
    public static Map<String, AttributeValue> pin(String cid) {
        return key(cid(cid), PIN_SK);
    }

    /** The partition of a day's failure events or pin operations: {@code <prefix><yyyy-mm-dd>} (UTC). */
    public static String day(String prefix, Instant at) {
        return prefix + at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    public static String day(String prefix, LocalDate day) {
        return prefix + day;
    }

    /** The sweep's compact state bucket {@code n} (binary: CID hash + fingerprint, 12 bytes a CID). */
    public static Map<String, AttributeValue> sweepState(int bucket) {
        return key(SWEEP_PREFIX + bucket, STATE_SK);
    }

    /** The sweep's peers as it last judged them. */
    public static Map<String, AttributeValue> peers() {
        return key(PEERS_PK, PEERS_SK);
    }

    /** The one-sweep-at-a-time lease. */
    public static Map<String, AttributeValue> sweepLease() {
        return key(LEASE_PK, LEASE_SK);
    }

    /** A sharded queue's partition: {@code <queue>#<shard>} (a pin state's name, {@link #DEEP_QUEUE}, {@link #RANGE_QUEUE}, …). */
    public static String queueShard(String queue, String shard) {
        return queue + "#" + shard;
    }

    /** A chain stream's checkpoint item ({@code stream} is {@code <chainId>#<contract>}). */
    public static Map<String, AttributeValue> checkpoint(String stream) {
        return key(CHAIN_PREFIX + stream, CHECKPOINT_SK);
    }

    /** The block index partition of a log in block bucket {@code bucket}. */
    public static String blockIndex(long chainId, long bucket, String shard) {
        return BLOCKS_PREFIX + chainId + "#" + bucket + "#" + shard;
    }

    /** A recorded pin operation: by day ({@code OPS#<day>} / {@code <id>}) and by CID ({@code CID#<cid>} / {@code OP#<id>}). */
    public static Map<String, AttributeValue> opByDay(Instant at, String id) {
        return key(day(OPS_PREFIX, at), id);
    }

    public static Map<String, AttributeValue> opByCid(String cid, String id) {
        return key(cid(cid), OP_SK_PREFIX + id);
    }
}
