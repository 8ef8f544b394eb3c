package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * One action taken on the cluster for a CID, kept 30 days for the dashboard and audits. Kind and result are stored
 * (and published in the dashboard's recent operations) by their wire names, which are fixed here, never derived
 * from a constant's name or position.
 *
 * @param detail error text or "" (never a secret)
 */
public record PinOperation(String cid, Kind kind, Result result, String detail, String requestId) {

    /** What was done. */
    public enum Kind {
        /** A ledger request sent to the cluster (webhook, reconciliation, deep pinning, pin drain). */
        SUBMIT("submit"),
        /** A SUBMITTED request the cluster does not list, sent again by the sweep. */
        RESUBMIT("resubmit"),
        /** The sweep's {@code recover} of an errored CID. */
        RECOVER("recover"),
        /** The sweep's re-pin of an under-replicated CID. */
        REPIN("repin"),
        /** The sweep's re-pin of a region-poor CID onto named peers. */
        REBALANCE("rebalance"),
        /** One of the three above that the cluster refused. */
        REPAIR("repair"),
        /** A request left without a live log, not sent. */
        CANCEL("cancel"),
        /** An operator's retry of a dead-lettered pin. */
        REQUEUE("requeue"),
        /** The pin drain's unpin of content only orphaned mints used, after the release grace. */
        UNPIN("unpin");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** How it went. */
    public enum Result {
        OK("ok"),
        FAILED("failed"),
        /** The request had moved on before it was sent. */
        DUPLICATE("duplicate"),
        /** The cluster could not be reached or refused for now: retried later. */
        DEFERRED("deferred"),
        /** Refused too often: left for an operator. */
        DEAD_LETTER("dead_letter"),
        /** The cluster refused it; retried later. */
        REFUSED("refused"),
        /** Not sent: every log that asked for it was reorged away. */
        ORPHANED("orphaned"),
        /** Unpinned: only orphaned mints used it. */
        RELEASED("released");

        private final String wire;

        Result(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public PinOperation {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(requestId, "requestId");
    }
}
