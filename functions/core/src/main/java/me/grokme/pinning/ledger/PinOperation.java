package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * One action taken on the cluster for a CID, kept 30 days for the dashboard and audits.
 *
 * @param kind   submit, recover, repin …
 * @param result ok, failed, unreachable …
 * @param detail error text or "" (never a secret)
 */
public record PinOperation(String cid, String kind, String result, String detail, String requestId) {
    public PinOperation {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(requestId, "requestId");
    }
}
