package me.grokme.pinning.dashboard;

import me.grokme.pinning.ledger.TableKeys;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.ledger.LedgerTable;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The table item {@code SUMMARY/CURRENT}: the last sweep's {@link Dashboard} in attribute {@code dashboard}
 * ({@link DashboardCodec}'s JSON) and its {@code generatedAt}. One item, so the status endpoint needs one read.
 *
 * <p>An item written before the dashboard was typed (its JSON in {@code body}, in the sweep's own names) reads as
 * no dashboard: the status endpoint answers "not ready" until the next sweep, minutes later, rewrites it.
 */
public final class DashboardItem {

    static final String PK = TableKeys.SUMMARY_PK;
    static final String SK = TableKeys.CURRENT_SK;
    static final String DASHBOARD = "dashboard";

    private DashboardItem() {
    }

    public static Map<String, AttributeValue> key() {
        return Map.of(LedgerTable.PK, AttributeValue.fromS(PK), LedgerTable.SK, AttributeValue.fromS(SK));
    }

    public static Map<String, AttributeValue> item(Dashboard d) {
        return Map.of(LedgerTable.PK, AttributeValue.fromS(PK), LedgerTable.SK, AttributeValue.fromS(SK),
                DASHBOARD, AttributeValue.fromS(DashboardCodec.encode(d)), "generatedAt", AttributeValue.fromS(d.generatedAt().toString()));
    }

    /** The dashboard of a stored item; empty for no item or one of the earlier form. */
    public static Optional<Dashboard> dashboard(Map<String, AttributeValue> item) {
        AttributeValue v = item == null ? null : item.get(DASHBOARD);
        return v == null || v.s() == null ? Optional.empty() : Optional.of(DashboardCodec.decode(v.s()));
    }
}
