package me.grokme.pinning.reconcile;

import java.util.List;
import java.util.Optional;
import me.grokme.pinning.deep.DeepPinReport;

/** What one scheduled run did: the chain streams read, the token range jobs worked, and the deep pinning pass if it is on. */
public record ReconcileReport(List<StreamReport> streams, RangeReport ranges, Optional<DeepPinReport> deepPinning, long rpcCalls) {

    public ReconcileReport {
        streams = List.copyOf(streams);
    }

    public boolean failed() {
        return streams.stream().anyMatch(s -> s.error().isPresent()) || ranges.error().isPresent();
    }
}
