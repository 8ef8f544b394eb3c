package me.grokme.pinning.ledger;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The key layout of the one table, for the items outside {@link DynamoDbLedger} (whose own keys are private to it);
 * every item kind is listed in functions/core/LEDGER.md.
 */
public final class TableKeys {

    public static final String CID_PREFIX = "CID#";
    public static final String HEALTH_SK = "HEALTH";
    public static final String PIN_SK = "PIN";
    public static final String OP_SK_PREFIX = "OP#";
    /** A token's items: the partition key itself is built only by {@link TokenKeys} (capsule and legacy layout). */
    public static final String TOKEN_PREFIX = TokenKeys.PREFIX;
    public static final String EVENTS_PREFIX = "EVENTS#";
    public static final String OPS_PREFIX = "OPS#";

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
        return key("SWEEP#" + bucket, "STATE");
    }

    /** The sweep's peers as it last judged them. */
    public static Map<String, AttributeValue> peers() {
        return key("PEERS", "ALL");
    }

    /** The one-sweep-at-a-time lease. */
    public static Map<String, AttributeValue> sweepLease() {
        return key("LEASE#sweep", "LEASE");
    }
}
