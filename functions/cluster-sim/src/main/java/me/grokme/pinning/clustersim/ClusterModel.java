package me.grokme.pinning.clustersim;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import me.grokme.pinning.cid.Cid;

/**
 * The simulated cluster's state: peers, the shared pinset with allocations, per-peer pin progress, metrics
 * and alerts. Behaviour follows ipfs-cluster v1.1 as documented in shared/reference (CRDT consensus,
 * balanced allocator by region then free space, stateless pin tracker); state is derived lazily from the
 * clock so tests can step time.
 */
final class ClusterModel {

    /** A business-rule refusal the real cluster answers with HTTP 500 (or 404 for "not in pinset"). */
    static final class ClusterError extends RuntimeException {
        final int status;

        ClusterError(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    /** One peer's status for one CID, ready to be written as a PinInfoShort. */
    record PeerStatus(SimPeer peer, String status, long timestampNanos, String error, int attempts, boolean priority) {
    }

    /** A CID's cluster-wide status (GlobalPinInfo); {@code pin} is null when the CID is not in the pinset. */
    record PinStatus(String cid, SimPin pin, long createdNanos, List<PeerStatus> peers) {
    }

    /** An alert: a peer's metric that expired. */
    record SimAlert(String metric, SimPeer peer, Instant expiredAt, Instant triggeredAt) {
    }

    static final String NOT_IN_PINSET = "pin is not part of the pinset";

    private final SimulatorConfig config;
    private final Clock clock;
    final SimPeer[] peers;
    private final LinkedHashMap<String, SimPin> pins = new LinkedHashMap<>();
    private final Deque<SimAlert> alerts = new ArrayDeque<>();
    /**
     * Files retrievable through the IPFS side (kubo RPC cat, gateway), by IPFS path without the prefix:
     * {@code <cid>} for a file CID, {@code <cid>/<name>…} for a file inside a directory CID.
     */
    private final ConcurrentHashMap<String, byte[]> content = new ConcurrentHashMap<>();

    /** {@code path} is "" (the CID is the file) or {@code /name[/name…]} inside the directory {@code cid}. */
    void putContent(Cid cid, String path, byte[] bytes) {
        content.put(cid + path, bytes.clone());
    }

    /** What an IPFS path leads to in the simulated content. */
    sealed interface ContentAt {
        record File(byte[] bytes) implements ContentAt {
        }

        record Directory() implements ContentAt {
        }

        /** The CID is known but has no entry called {@code name} (kubo's "no link named … under …"). */
        record NoLink(String name) implements ContentAt {
        }

        record Unknown() implements ContentAt {
        }
    }

    ContentAt content(Cid cid, String path) {
        String key = cid + path;
        byte[] file = content.get(key);
        if (file != null) {
            return new ContentAt.File(file);
        }
        if (hasEntriesUnder(key)) {
            return new ContentAt.Directory();
        }
        if (!path.isEmpty() && hasEntriesUnder(cid.toString())) {
            return new ContentAt.NoLink(path.substring(path.lastIndexOf('/') + 1));
        }
        return new ContentAt.Unknown();
    }

    private boolean hasEntriesUnder(String key) {
        String prefix = key + "/";
        return content.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }
    private boolean repinning;

    ClusterModel(SimulatorConfig config) {
        this.config = config;
        this.clock = config.clock();
        this.repinning = config.repinning();
        this.peers = new SimPeer[config.peers().size()];
        if (peers.length > 127) {
            throw new IllegalArgumentException("the simulator models at most 127 peers");
        }
        for (int i = 0; i < peers.length; i++) {
            peers[i] = new SimPeer(i, config.peers().get(i));
        }
    }

    SimulatorConfig config() {
        return config;
    }

    Instant now() {
        return clock.instant();
    }

    // --- membership and metrics ----------------------------------------------------------------------

    private Duration pingTtl() {
        return config.pingInterval().multipliedBy(2);
    }

    /** CRDT membership: a peer is a member while its ping has not expired. */
    boolean isMember(SimPeer p, Instant now) {
        return p.up || now.isBefore(p.downSince.plus(pingTtl()));
    }

    /**
     * An allocation candidate (or a current allocation that still counts) needs every allocate_by metric valid:
     * informer metrics expire after metricTtl and a full disk makes freespace invalid (informer/disk). Membership
     * does not enter: with CRDT consensus the monitor has no peerset filter (ipfs-cluster-service daemon.go passes
     * peersF only for Raft), so an informer metric that outlives the ping keeps a gone peer allocatable.
     */
    private boolean metricsValid(SimPeer p, Instant now) {
        return (p.up || now.isBefore(p.downSince.plus(config.metricTtl()))) && p.freeSpace(config.contentSizeBytes()) > 0;
    }

    /** Expiry of a peer's latest metric with that TTL: renewed continuously while up. */
    Instant metricExpiry(SimPeer p, Instant now, Duration ttl) {
        return (p.up ? now : p.downSince).plus(ttl);
    }

    synchronized List<SimPeer> members() {
        Instant now = tick();
        List<SimPeer> out = new ArrayList<>();
        for (SimPeer p : peers) {
            if (isMember(p, now)) {
                out.add(p);
            }
        }
        return out;
    }

    /** Metric names the cluster knows and the peers that currently have a live one. */
    synchronized List<SimPeer> peersWithLiveMetric(String name) {
        Instant now = tick();
        Duration ttl = name.equals("ping") ? pingTtl() : config.metricTtl();
        List<SimPeer> out = new ArrayList<>();
        for (SimPeer p : peers) {
            if (metricExpiry(p, now, ttl).isAfter(now)) {
                out.add(p);
            }
        }
        out.sort(Comparator.comparing(p -> p.id));
        return out;
    }

    synchronized long queuedOn(SimPeer peer) {
        long now = clock.millis();
        long queued = 0;
        for (SimPin pin : pins.values()) {
            int slot = pin.slotOf(peer.index);
            if (slot >= 0 && now - pin.assignedAtMillis[slot] < config.pinDelay().toMillis() / 2) {
                queued++;
            }
        }
        return queued;
    }

    synchronized List<SimAlert> alerts() {
        tick();
        return List.copyOf(alerts);
    }

    // --- faults and switches -------------------------------------------------------------------------

    synchronized void peerDown(String name) {
        SimPeer p = peer(name);
        if (p.up) {
            tick();
            p.up = false;
            p.downSince = now();
            p.expiryHandled = false;
            p.repinHandled = false;
        }
    }

    synchronized void peerUp(String name) {
        SimPeer p = peer(name);
        if (!p.up) {
            p.up = true;
            // Pins re-allocated away while it was gone are dropped from it; the rest it still holds.
            tick();
        }
    }

    synchronized void setRepinning(boolean on) {
        repinning = on;
        tick();
    }

    synchronized boolean repinning() {
        return repinning;
    }

    synchronized void pinError(Cid cid, String peerName, String message) {
        SimPin pin = pins.get(cid.toString());
        if (pin == null) {
            throw new ClusterError(404, NOT_IN_PINSET);
        }
        int slot = pin.slotOf(peer(peerName).index);
        if (slot < 0) {
            throw new IllegalArgumentException(peerName + " is not allocated " + cid);
        }
        String[] errors = pin.errors == null ? new String[pin.allocations.length] : pin.errors.clone();
        int[] attempts = pin.attempts == null ? new int[pin.allocations.length] : pin.attempts.clone();
        errors[slot] = message;
        attempts[slot]++;
        pin.attempts = attempts;
        pin.errors = errors;
    }

    SimPeer peer(String name) {
        for (SimPeer p : peers) {
            if (p.name.equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException("no peer named " + name);
    }

    /**
     * Processes what happened since the last call: ping expiry raises alerts and, with repinning on,
     * re-allocates pins whose live allocations fell below their minimum (as the cluster's repinFromPeer).
     */
    synchronized Instant tick() {
        Instant now = now();
        for (SimPeer p : peers) {
            if (p.up) {
                continue;
            }
            Instant pingExpiry = p.downSince.plus(pingTtl());
            if (!now.isBefore(pingExpiry) && !p.expiryHandled) {
                p.expiryHandled = true;
                for (String metric : new String[] {"ping", "freespace", "pinqueue", "tag:region"}) {
                    Duration ttl = metric.equals("ping") ? pingTtl() : config.metricTtl();
                    alerts.addFirst(new SimAlert(metric, p, p.downSince.plus(ttl), now));
                }
                while (alerts.size() > 1000) {
                    alerts.removeLast();
                }
            }
            if (!now.isBefore(pingExpiry) && repinning && !p.repinHandled) {
                p.repinHandled = true;
                repinFrom(p, now);
            }
        }
        return now;
    }

    private void repinFrom(SimPeer dead, Instant now) {
        for (SimPin pin : pins.values()) {
            if (pin.everywhere || pin.slotOf(dead.index) < 0) {
                continue;
            }
            try {
                reallocate(pin, pin.replicationMin, pin.replicationMax, List.of(), now);
            } catch (ClusterError e) {
                // Not enough candidates: the cluster logs and keeps the old allocations.
            }
        }
    }

    // --- pinning ---------------------------------------------------------------------------------------

    /** Pin request after parameter parsing; replication 0 means the cluster defaults. */
    record PinRequest(String name, boolean direct, int replicationMin, int replicationMax, List<String> userAllocations,
            long expireAtSeconds, Map<String, String> metadata) {
    }

    synchronized SimPin pin(Cid cid, PinRequest req) {
        Instant now = tick();
        int rmin = req.replicationMin() == 0 ? config.replicationMin() : req.replicationMin();
        int rmax = req.replicationMax() == 0 ? config.replicationMax() : req.replicationMax();
        validateReplication(rmin, rmax);
        if (req.expireAtSeconds() != 0 && req.expireAtSeconds() < now.getEpochSecond()) {
            throw new ClusterError(500, "pin.ExpireAt set before current time");
        }
        String key = cid.toString();
        SimPin existing = pins.get(key);
        if (existing != null && !existing.direct && req.direct()) {
            throw new ClusterError(500, "cannot repin a CID which is already pinned in recursive mode (new pin is pinned as direct). Unpin it first.");
        }
        SimPin pin = existing != null ? existing : new SimPin(key);
        reallocate(pin, rmin, rmax, req.userAllocations(), now);
        pin.name = req.name();
        pin.direct = req.direct();
        pin.replicationMin = rmin;
        pin.replicationMax = rmax;
        pin.metadata = req.metadata().isEmpty() ? null : new TreeMap<>(req.metadata());
        pin.userAllocations = req.userAllocations().isEmpty() ? null : List.copyOf(req.userAllocations());
        pin.expireAtSeconds = req.expireAtSeconds();
        pin.timestampNanos = now.getEpochSecond() * 1_000_000_000L + now.getNano();
        if (existing == null) {
            pins.put(key, pin);
        }
        return pin;
    }

    private static void validateReplication(int rmin, int rmax) {
        if (rmin == 0 || rmax == 0) {
            throw new ClusterError(500, "cluster.replication_factor_min and max must be set");
        }
        if (rmin < -1) {
            throw new ClusterError(500, "cluster.replication_factor_min is wrong");
        }
        if (rmax < -1) {
            throw new ClusterError(500, "cluster.replication_factor_max is wrong");
        }
        if ((rmin == -1) != (rmax == -1)) {
            throw new ClusterError(500, "cluster.replication_factor_min and max must be -1 when one of them is");
        }
        if (rmin > rmax) {
            throw new ClusterError(500, "cluster.replication_factor_min is larger than max");
        }
    }

    /**
     * The allocation rule of ipfs-cluster's obtainAllocations (allocate.go): with more valid allocations than the
     * maximum the first valid ones are kept; with at least the minimum nothing changes; below it, the valid ones
     * are kept, invalid ones dropped and new peers added up to the maximum (as many as there are), or the pin is
     * refused when fewer candidates than needed remain. The balanced allocator orders new candidates
     * round-robin across regions.
     */
    private void reallocate(SimPin pin, int rmin, int rmax, List<String> userAllocations, Instant now) {
        if (rmin == -1) {
            pin.everywhere = true;
            byte[] all = new byte[peers.length];
            for (int i = 0; i < all.length; i++) {
                all[i] = (byte) i;
            }
            assign(pin, all, now);
            return;
        }
        // A pin-everywhere has no allocations in the state, so allocate() starts it from none.
        byte[] current = pin.everywhere ? new byte[0] : pin.allocations;
        pin.everywhere = false;
        List<Integer> valid = new ArrayList<>();
        for (byte b : current) {
            if (metricsValid(peers[b], now)) {
                valid.add((int) b);
            }
        }
        int needed = rmin - valid.size();
        int wanted = rmax - valid.size();
        if (wanted < 0) {
            // Over the maximum: keep the first valid ones; an invalid allocation is never among them.
            byte[] keep = new byte[rmax];
            for (int i = 0; i < rmax; i++) {
                keep[i] = (byte) (int) valid.get(i);
            }
            assign(pin, keep, now);
            return;
        }
        if (needed <= 0) {
            return; // enough valid allocations: the current ones stay as they are, invalid ones included
        }
        List<SimPeer> candidates = new ArrayList<>();
        for (SimPeer p : peers) {
            if (!valid.contains(p.index) && metricsValid(p, now)) {
                candidates.add(p);
            }
        }
        if (candidates.size() < needed) {
            throw new ClusterError(500, "not enough peers to allocate CID. Needed at least: " + needed
                    + ". Wanted at most: " + wanted + ". Available candidates: " + candidates.size()
                    + ". See logs for more info.");
        }
        List<SimPeer> ordered = balancedOrder(candidates, userAllocations);
        byte[] next = new byte[valid.size() + Math.min(wanted, ordered.size())];
        int k = 0;
        for (int v : valid) {
            next[k++] = (byte) v;
        }
        for (int i = 0; k < next.length; i++) {
            next[k++] = (byte) ordered.get(i).index;
        }
        assign(pin, next, now);
    }

    /** Priority peers first, then one per region in turn: regions by total free space, peers by free space. */
    private List<SimPeer> balancedOrder(List<SimPeer> candidates, List<String> priority) {
        long size = config.contentSizeBytes();
        List<SimPeer> first = new ArrayList<>();
        List<SimPeer> rest = new ArrayList<>();
        for (SimPeer p : candidates) {
            (priority.contains(p.id) ? first : rest).add(p);
        }
        Map<String, List<SimPeer>> byRegion = new TreeMap<>();
        for (SimPeer p : rest) {
            byRegion.computeIfAbsent(p.region, r -> new ArrayList<>()).add(p);
        }
        List<List<SimPeer>> groups = new ArrayList<>(byRegion.values());
        for (List<SimPeer> g : groups) {
            g.sort(Comparator.comparingLong((SimPeer p) -> -p.freeSpace(size)).thenComparing(p -> p.name));
        }
        groups.sort(Comparator.comparingLong((List<SimPeer> g) -> -g.stream().mapToLong(p -> p.freeSpace(size)).sum())
                .thenComparing(g -> g.get(0).region));
        List<SimPeer> out = new ArrayList<>(first);
        for (int round = 0; out.size() < candidates.size(); round++) {
            for (List<SimPeer> g : groups) {
                if (round < g.size()) {
                    out.add(g.get(round));
                }
            }
        }
        return out;
    }

    private void assign(SimPin pin, byte[] next, Instant now) {
        byte[] old = pin.allocations;
        long[] oldAt = pin.assignedAtMillis;
        String[] oldErrors = pin.errors;
        int[] oldAttempts = pin.attempts;
        long[] at = new long[next.length];
        String[] errors = oldErrors == null ? null : new String[next.length];
        int[] attempts = oldAttempts == null ? null : new int[next.length];
        for (int i = 0; i < next.length; i++) {
            int oldSlot = indexOf(old, next[i]);
            if (oldSlot >= 0) {
                at[i] = oldAt[oldSlot];
                if (errors != null) {
                    errors[i] = oldErrors[oldSlot];
                    attempts[i] = oldAttempts[oldSlot];
                }
            } else {
                at[i] = now.toEpochMilli();
                peers[next[i]].allocatedPins++;
            }
        }
        for (byte b : old) {
            if (indexOf(next, b) < 0) {
                peers[b].allocatedPins--;
            }
        }
        pin.assignedAtMillis = at;
        pin.errors = errors;
        pin.attempts = attempts;
        pin.allocations = next;
    }

    private static int indexOf(byte[] a, byte v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    synchronized SimPin unpin(Cid cid) {
        tick();
        SimPin pin = pins.remove(cid.toString());
        if (pin == null) {
            throw new ClusterError(404, NOT_IN_PINSET);
        }
        for (byte b : pin.allocations) {
            peers[b].allocatedPins--;
        }
        return pin;
    }

    synchronized Optional<SimPin> find(Cid cid) {
        tick();
        return Optional.ofNullable(pins.get(cid.toString()));
    }

    /**
     * {@code POST /pins/{cid}/recover}: each asked peer re-queues its errored pin (stateless.go Recover), then the
     * status is read in the same view. Cluster-wide (cluster.go Recover → globalPinInfoCid) the allocated peers are
     * asked and a CID outside the pinset reads unpinned; locally (RecoverLocal → cidsFromMetaPin) only the
     * answering peer, and a CID outside the pinset is the state's not-found error (404).
     */
    synchronized PinStatus recover(Cid cid, View view) {
        Instant now = tick();
        SimPin pin = pins.get(cid.toString());
        if (pin == null) {
            if (view == View.LOCAL) {
                throw new ClusterError(404, NOT_IN_PINSET);
            }
            return unknownStatus(cid.toString(), now, view);
        }
        recover(pin, now, view == View.LOCAL ? p -> p.index == 0 : p -> true);
        return status(pin, now, view);
    }

    /** Re-queues the errored slots of live peers accepted by {@code on}; allocations never change. Returns those peers. */
    private List<SimPeer> recover(SimPin pin, Instant now, Predicate<SimPeer> on) {
        String[] errors = pin.errors;
        if (errors == null) {
            return List.of();
        }
        List<SimPeer> requeued = new ArrayList<>();
        long[] at = pin.assignedAtMillis.clone();
        String[] left = errors.clone();
        for (int i = 0; i < errors.length; i++) {
            SimPeer p = peers[pin.allocations[i]];
            if (errors[i] != null && p.up && on.test(p)) {
                at[i] = now.toEpochMilli();
                left[i] = null;
                requeued.add(p);
            }
        }
        if (!requeued.isEmpty()) {
            pin.assignedAtMillis = at;
            pin.errors = Arrays.stream(left).allMatch(e -> e == null) ? null : left;
        }
        return requeued;
    }

    /**
     * {@code POST /pins/recover}: what each asked tracker re-queued (stateless.go RecoverAll lists only the pins it
     * re-queued, with its own status after the re-queue). Locally (RecoverAllLocal) only the answering peer is
     * asked. Cluster-wide (cluster.go RecoverAll → globalPinInfoStream) every member is asked and the answers are
     * merged per CID: a CID appears when some peer re-queued it, its peer_map holds those peers, plus a
     * cluster_error for each member that could not be reached.
     */
    synchronized List<PinStatus> recoverAll(View view) {
        Instant now = tick();
        long nowNanos = nanos(now);
        List<SimPeer> unreachable = new ArrayList<>();
        if (view != View.LOCAL) {
            for (SimPeer p : peers) {
                if (!p.up && isMember(p, now)) {
                    unreachable.add(p);
                }
            }
        }
        List<PinStatus> out = new ArrayList<>();
        for (SimPin pin : pins.values()) {
            List<SimPeer> requeued = recover(pin, now, view == View.LOCAL ? p -> p.index == 0 : p -> isMember(p, now));
            if (requeued.isEmpty()) {
                continue;
            }
            List<PeerStatus> statuses = new ArrayList<>();
            for (SimPeer p : requeued) {
                statuses.add(slotStatus(pin, pin.slotOf(p.index), p, now.toEpochMilli()));
            }
            for (SimPeer p : unreachable) {
                statuses.add(new PeerStatus(p, "cluster_error", nowNanos, DIAL_ERROR.formatted(p.id), 0, false));
            }
            out.add(new PinStatus(pin.cid, pin, pin.timestampNanos / 1_000_000_000L * 1_000_000_000L, statuses));
        }
        return out;
    }

    /** A consistent copy of the pinset's members, for streaming without holding the lock. */
    synchronized SimPin[] snapshot() {
        tick();
        return pins.values().toArray(new SimPin[0]);
    }

    synchronized int size() {
        return pins.size();
    }

    // --- status ----------------------------------------------------------------------------------------

    /** Lifecycle of an allocated slot on a live peer: queued for the first half of pinDelay, then pinning. */
    PeerStatus slotStatus(SimPin pin, int slot, SimPeer peer, long nowMillis) {
        String[] errors = pin.errors;
        int[] attempts = pin.attempts;
        int tries = attempts == null ? 0 : attempts[slot];
        if (errors != null && errors[slot] != null) {
            return new PeerStatus(peer, "pin_error", pin.assignedAtMillis[slot] * 1_000_000L, errors[slot], tries, false);
        }
        long age = nowMillis - pin.assignedAtMillis[slot];
        long delay = config.pinDelay().toMillis();
        if (age >= delay) {
            return new PeerStatus(peer, "pinned", pin.timestampNanos / 1_000_000_000L * 1_000_000_000L, "", 0, false);
        }
        long phaseStart = pin.assignedAtMillis[slot] + (age >= delay / 2 ? delay / 2 : 0);
        return new PeerStatus(peer, age >= delay / 2 ? "pinning" : "pin_queued", phaseStart * 1_000_000L, "", tries, true);
    }

    /** Which REST view a status is built for; they contact different peers and synthesise different entries. */
    enum View {
        /**
         * {@code GET /pins/{cid}}, {@code ?cids=}, {@code POST /pins/{cid}/recover} (cluster.go globalPinInfoCid): the
         * allocated peers are asked, members or not (every member for a pin-everywhere); the other members are
         * reported {@code remote} with the time of the request, without being contacted.
         */
        PER_CID,
        /**
         * {@code GET /pins} (cluster.go globalPinInfoStream over the trackers' StatusAll): every member reports every
         * pin, {@code remote} stamped with the pin's time; a member that does not answer is {@code cluster_error}.
         */
        STREAM,
        /** {@code local=true}: only the answering peer's tracker (stateless.go Status/StatusAll). */
        LOCAL
    }

    private static final String DIAL_ERROR = "failed to dial %s: no good addresses";

    /** The status of one pin in the given view. */
    PinStatus status(SimPin pin, Instant now, View view) {
        long nowMillis = now.toEpochMilli();
        long nowNanos = nanos(now);
        long pinNanos = pin.timestampNanos / 1_000_000_000L * 1_000_000_000L;
        List<PeerStatus> out = new ArrayList<>(peers.length);
        for (SimPeer p : peers) {
            if (view == View.LOCAL && p.index != 0) {
                continue;
            }
            int slot = pin.slotOf(p.index);
            boolean member = isMember(p, now);
            boolean asked = switch (view) {
                case PER_CID -> pin.everywhere ? member : slot >= 0;
                case STREAM -> member;
                case LOCAL -> true;
            };
            if (!asked) {
                if (view == View.PER_CID && member) {
                    out.add(new PeerStatus(p, "remote", nowNanos, "", 0, false));
                }
                continue;
            }
            if (!p.up) {
                out.add(new PeerStatus(p, "cluster_error", nowNanos, DIAL_ERROR.formatted(p.id), 0, false));
            } else if (slot >= 0) {
                out.add(slotStatus(pin, slot, p, nowMillis));
            } else {
                // The tracker's own answer for a pin allocated elsewhere carries the pin's time.
                out.add(new PeerStatus(p, "remote", pinNanos, "", 0, false));
            }
        }
        return new PinStatus(pin.cid, pin, pinNanos, out);
    }

    /**
     * A CID outside the pinset. Cluster-wide (globalPinInfoCid): every member is reported {@code unpinned} without
     * being contacted, down or not. Local: the answering peer's tracker says {@code unpinned}.
     */
    PinStatus unknownStatus(String cid, Instant now, View view) {
        long nowNanos = nanos(now);
        List<PeerStatus> out = new ArrayList<>();
        for (SimPeer p : peers) {
            if (view == View.LOCAL ? p.index == 0 : isMember(p, now)) {
                out.add(new PeerStatus(p, "unpinned", nowNanos, "", 0, false));
            }
        }
        return new PinStatus(cid, null, nowNanos, out);
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    // --- bulk seeding ----------------------------------------------------------------------------------

    /**
     * Adds {@code count} distinct raw-codec CIDs already pinned at {@code replication} peers, spread by the
     * balanced order, without per-pin allocation work (for benchmarks). Returns the first CID's string.
     */
    synchronized void seedPinned(int count, int replication, String namePrefix, Consumer<String> onCid) {
        Instant now = now();
        long settled = now.toEpochMilli() - config.pinDelay().toMillis() - 1;
        List<SimPeer> order = balancedOrder(List.of(peers), List.of());
        int r = Math.min(replication, peers.length);
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int base = pins.size();
        long tsNanos = now.getEpochSecond() * 1_000_000_000L;
        for (int i = 0; i < count; i++) {
            byte[] digest = sha.digest(ByteBuffer.allocate(8).putLong(base + i).array());
            byte[] bin = new byte[4 + 32];
            bin[0] = 1;
            bin[1] = 0x55;
            bin[2] = 0x12;
            bin[3] = 32;
            System.arraycopy(digest, 0, bin, 4, 32);
            SimPin pin = new SimPin(Cid.fromBytes(bin).toString());
            byte[] alloc = new byte[r];
            long[] at = new long[r];
            for (int k = 0; k < r; k++) {
                SimPeer p = order.get((i + k) % order.size());
                alloc[k] = (byte) p.index;
                at[k] = settled;
                p.allocatedPins++;
            }
            pin.allocations = alloc;
            pin.assignedAtMillis = at;
            pin.replicationMin = r;
            pin.replicationMax = r;
            pin.name = namePrefix.isEmpty() ? "" : namePrefix + (base + i);
            pin.timestampNanos = tsNanos;
            pins.put(pin.cid, pin);
            onCid.accept(pin.cid);
        }
    }
}
