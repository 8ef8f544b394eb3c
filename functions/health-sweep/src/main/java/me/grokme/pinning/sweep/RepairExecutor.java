package me.grokme.pinning.sweep;

import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.Pin;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinOperation;

/**
 * Carries out planned repairs while the budget allows (its count and its deadline): each is one cluster call, a pin
 * operation in the ledger whatever the cluster answered, and the CID's next repair time.
 */
final class RepairExecutor {

    private final ClusterClient cluster;
    private final Ledger ledger;
    private final SweepStore store;

    RepairExecutor(ClusterClient cluster, Ledger ledger, SweepStore store) {
        this.cluster = cluster;
        this.ledger = ledger;
        this.store = store;
    }

    void execute(List<RepairPlanner.Planned> plan, RepairBudget budget, String requestId) {
        for (RepairPlanner.Planned p : plan) {
            if (!budget.allows()) {
                return;
            }
            budget.spend();
            budget.count(repair(p, requestId));
            store.recordRepair(p.target().cid(), p.next().attempts(), p.next().notBefore());
        }
    }

    private RepairKind repair(RepairPlanner.Planned p, String requestId) {
        CidHealth c = p.target();
        try {
            Cid cid = Cid.parse(c.cid());
            switch (p.action()) {
                case RepairPlanner.Action.Recover r -> cluster.recover(cid);
                case RepairPlanner.Action.Repin r -> cluster.pin(cid, PinOptions.of(c.name(), r.min(), r.max()).withMetadata(currentMetadata(cid)));
                case RepairPlanner.Action.Rebalance r -> cluster.pin(cid, PinOptions.of(c.name(), r.min(), r.max())
                        .withUserAllocations(r.peers()).withMetadata(currentMetadata(cid)));
            }
            ledger.recordPinOperation(new PinOperation(c.cid(), operation(p.action().kind()), PinOperation.Result.OK,
                    c.state().name().toLowerCase(), requestId));
            return p.action().kind();
        } catch (ClusterException e) {
            ledger.recordPinOperation(new PinOperation(c.cid(), PinOperation.Kind.REPAIR, PinOperation.Result.FAILED, e.summary(), requestId));
            return RepairKind.FAILED;
        } catch (InvalidCidException e) {
            // The cluster listed it, so it parsed there: never seen, but it must not stop the other repairs.
            ledger.recordPinOperation(new PinOperation(c.cid(), PinOperation.Kind.REPAIR, PinOperation.Result.FAILED, "not a valid CID", requestId));
            return RepairKind.FAILED;
        }
    }

    private static PinOperation.Kind operation(RepairKind kind) {
        return switch (kind) {
            case RECOVER -> PinOperation.Kind.RECOVER;
            case REPIN -> PinOperation.Kind.REPIN;
            case REBALANCE -> PinOperation.Kind.REBALANCE;
            case SUBMIT, SUBMIT_FAILED, RESUBMIT, FAILED -> throw new IllegalArgumentException("not a repair action: " + kind);
        };
    }

    /** The pin's meta-* as the cluster has them: a re-pin replaces the whole pin, so they are sent again. */
    private Map<String, String> currentMetadata(Cid cid) {
        return cluster.allocation(cid).map(Pin::metadata).orElse(Map.of());
    }
}
