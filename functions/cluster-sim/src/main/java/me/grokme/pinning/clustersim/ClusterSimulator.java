package me.grokme.pinning.clustersim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;

/**
 * A dev/test double of the IPFS Cluster REST API on a loopback port: same paths, parameters, JSON field
 * names, status strings, streaming and errors as ipfs-cluster 1.1 (see the module README for what it
 * models and where it knowingly differs). Never on a production code path.
 *
 * <p>Faults are injected through this Java API or the equivalent admin HTTP API under {@code /_sim/}.
 */
public final class ClusterSimulator implements AutoCloseable {

    private final ClusterModel model;
    private final Faults faults = new Faults();
    private final SimHttpServer server;

    private ClusterSimulator(SimulatorConfig config) throws IOException {
        this.model = new ClusterModel(config);
        this.server = new SimHttpServer(config.port(), new SimApi(model, faults));
    }

    /** Starts a simulator; {@code config.port()} 0 picks a free loopback port. */
    public static ClusterSimulator start(SimulatorConfig config) {
        try {
            return new ClusterSimulator(config);
        } catch (IOException e) {
            throw new UncheckedIOException("cluster simulator could not listen on 127.0.0.1:" + config.port(), e);
        }
    }

    /** e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public int port() {
        return server.port();
    }

    public SimulatorConfig config() {
        return model.config();
    }

    /** Makes {@code bytes} retrievable as {@code cid} through {@code POST /api/v0/cat} and {@code GET /ipfs/{cid}} (not verified against the hash). */
    public void putContent(Cid cid, byte[] bytes) {
        model.putContent(cid, "", bytes);
    }

    /**
     * Makes {@code bytes} retrievable as the file {@code path} ({@code /42.json}, {@code /a/b.png}) inside the
     * directory {@code cid}: {@code cat?arg=/ipfs/<cid>/42.json}, {@code GET /ipfs/<cid>/42.json}. The CID
     * itself then reads as a directory.
     */
    public void putContent(Cid cid, String path, byte[] bytes) {
        if (!path.startsWith("/") || path.endsWith("/") || path.contains("//") || path.contains("/../") || path.contains("/./")
                || path.endsWith("/..") || path.endsWith("/.")) {
            throw new IllegalArgumentException("path must be /name[/name…]: " + path);
        }
        model.putContent(cid, path, bytes);
    }

    // --- faults ----------------------------------------------------------------------------------------

    /** The peer stops: its metrics stop being renewed; after 2 × ping interval it leaves the membership. */
    public void peerDown(String peerName) {
        model.peerDown(peerName);
    }

    /** The peer is back: it rejoins, and the pins still allocated to it are served again. */
    public void peerUp(String peerName) {
        model.peerUp(peerName);
    }

    /** {@code disable_repinning = !on}: whether the cluster re-allocates pins away from peers whose ping expired. */
    public void setRepinning(boolean on) {
        model.setRepinning(on);
    }

    /** The peer's pin of {@code cid} fails with {@code message} (pin_error) until recovered. */
    public void pinError(Cid cid, String peerName, String message) {
        model.pinError(cid, peerName, message);
    }

    /** Every API answer is delayed by {@code delay} before its first byte (Duration.ZERO to stop). */
    public void slowResponses(Duration delay) {
        faults.slow(delay);
    }

    /** The next {@code count} API requests whose path starts with {@code pathPrefix} answer {@code status} with a JSON error. */
    public void failNext(int count, int status, String pathPrefix) {
        faults.failNext(count, status, pathPrefix);
    }

    /** The next streamed answer stops after {@code items} complete items, mid-chunk, without its terminator. */
    public void cutNextStreamAfter(int items) {
        faults.cutNextStreamAfter(items, "/");
    }

    /** As {@link #cutNextStreamAfter(int)}, for the next stream whose path starts with {@code pathPrefix} (e.g. {@code /pins}). */
    public void cutNextStreamAfter(int items, String pathPrefix) {
        faults.cutNextStreamAfter(items, pathPrefix);
    }

    /** The next streamed answer completes but carries {@code message} in its X-Stream-Error trailer. */
    public void errorTrailerOnNextStream(String message) {
        faults.errorTrailerOnNextStream(message);
    }

    public void clearFaults() {
        faults.clear();
    }

    // --- observation -----------------------------------------------------------------------------------

    /** Requests served per route, e.g. {@code count("POST", "/pins/ipfs/{path}")}. */
    public long requestCount(String method, String route) {
        return faults.count(method, route);
    }

    public Map<String, Long> requestCounts() {
        return faults.counters();
    }

    /** Ground truth for one CID: its allocations and each allocated peer's status, by peer name. */
    public record PinTruth(String cid, String name, int replicationMin, int replicationMax, List<String> allocatedPeers,
            Map<String, String> statusByPeer) {
    }

    /** What the simulated cluster really holds (peer names, not ids), independent of the REST views. */
    public Optional<PinTruth> truth(Cid cid) {
        Instant now = model.tick();
        return model.find(cid).map(pin -> {
            List<String> allocated = new ArrayList<>();
            Map<String, String> status = new LinkedHashMap<>();
            for (int slot = 0; slot < pin.allocations.length; slot++) {
                SimPeer p = model.peers[pin.allocations[slot]];
                allocated.add(p.name);
                status.put(p.name, p.up ? model.slotStatus(pin, slot, p, now.toEpochMilli()).status() : "down");
            }
            return new PinTruth(pin.cid, pin.name, pin.replicationMin, pin.replicationMax, allocated, status);
        });
    }

    /** Number of CIDs in the pinset. */
    public int pinCount() {
        return model.size();
    }

    /** The cluster peer id of a peer name. */
    public String peerId(String peerName) {
        return model.peer(peerName).id;
    }

    /**
     * Adds {@code count} distinct raw CIDs already pinned on {@code replication} peers (spread across regions).
     * Fast and compact: meant for benchmarks and large tests.
     */
    public List<String> seedPinned(int count, int replication, boolean keepCids) {
        List<String> cids = new ArrayList<>(keepCids ? count : 0);
        model.seedPinned(count, replication, "", keepCids ? cids::add : c -> { });
        return cids;
    }

    @Override
    public void close() {
        server.close();
    }
}
