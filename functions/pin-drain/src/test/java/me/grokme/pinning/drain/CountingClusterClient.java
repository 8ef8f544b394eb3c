package me.grokme.pinning.drain;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.Alert;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterPeer;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.Pin;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;

/** The real client, counting every call it is asked to make, answered or not (the simulator counts only answered ones). */
final class CountingClusterClient implements ClusterClient {

    private final ClusterClient real;
    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicReference<Runnable> beforeNextPin = new java.util.concurrent.atomic.AtomicReference<>();

    CountingClusterClient(ClusterClient real) {
        this.real = real;
    }

    private void count(String call) {
        calls.computeIfAbsent(call, k -> new AtomicLong()).incrementAndGet();
    }

    Map<String, Long> calls() {
        Map<String, Long> out = new TreeMap<>();
        calls.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Runs {@code action} once, while the next pin is being sent (before the cluster answers it). */
    void duringNextPin(Runnable action) {
        beforeNextPin.set(action);
    }

    @Override
    public Pin pin(Cid cid, PinOptions options) {
        count("pin");
        Runnable action = beforeNextPin.getAndSet(null);
        if (action != null) {
            action.run();
        }
        return real.pin(cid, options);
    }

    @Override
    public boolean unpin(Cid cid) {
        count("unpin");
        return real.unpin(cid);
    }

    @Override
    public GlobalPinInfo status(Cid cid) {
        count("status");
        return real.status(cid);
    }

    @Override
    public long statusAll(StatusQuery query, Consumer<? super GlobalPinInfo> consumer) {
        count("statusAll");
        return real.statusAll(query, consumer);
    }

    @Override
    public Optional<Pin> allocation(Cid cid) {
        count("allocation");
        return real.allocation(cid);
    }

    @Override
    public long allocations(Set<PinType> filter, Consumer<? super Pin> consumer) {
        count("allocations");
        return real.allocations(filter, consumer);
    }

    @Override
    public GlobalPinInfo recover(Cid cid) {
        count("recover");
        return real.recover(cid);
    }

    @Override
    public long peers(Consumer<? super ClusterPeer> consumer) {
        count("peers");
        return real.peers(consumer);
    }

    @Override
    public ClusterPeer id() {
        count("id");
        return real.id();
    }

    @Override
    public List<Metric> metrics(String name) {
        count("metrics");
        return real.metrics(name);
    }

    @Override
    public List<Alert> alerts() {
        count("alerts");
        return real.alerts();
    }
}
