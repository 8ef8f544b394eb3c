package me.grokme.pinning.clustersim;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes the REST API's objects exactly as ipfs-cluster's Go encoder does: compact, fields in struct
 * declaration order, map keys sorted, nil slices/maps as {@code null} where the real code path has them,
 * times in RFC 3339 with trailing fractional zeros dropped. Independent of core's client-side records on
 * purpose, so the client and the simulator cannot drift together.
 */
final class SimJson {

    static final String GO_ZERO_TIME = "0001-01-01T00:00:00Z";
    static final String VERSION = "1.1.6";

    private SimJson() {
    }

    // Streams write several times per CID and most share a second: formatting is cached per second.
    private static final ConcurrentHashMap<Long, String> SECONDS = new ConcurrentHashMap<>();

    /** Go's time.Time MarshalJSON (RFC3339Nano): fractional digits only as many as needed. */
    static String time(long epochNanos) {
        long seconds = Math.floorDiv(epochNanos, 1_000_000_000L);
        int nanos = (int) Math.floorMod(epochNanos, 1_000_000_000L);
        String base = SECONDS.get(seconds);
        if (base == null) {
            if (SECONDS.size() > 4096) {
                SECONDS.clear();
            }
            base = DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(Instant.ofEpochSecond(seconds)
                    .atOffset(java.time.ZoneOffset.UTC).toLocalDateTime());
            SECONDS.put(seconds, base);
        }
        if (nanos == 0) {
            return base + "Z";
        }
        String frac = String.format("%09d", nanos);
        int end = frac.length();
        while (frac.charAt(end - 1) == '0') {
            end--;
        }
        return base + "." + frac.substring(0, end) + "Z";
    }

    /** Pin: the POST /pins answer ({@code fromState} false) or an /allocations item read back from the state. */
    static void pin(JsonGenerator g, SimPin pin, ClusterModel model, boolean fromState) throws IOException {
        g.writeStartObject();
        g.writeNumberField("replication_factor_min", pin.replicationMin);
        g.writeNumberField("replication_factor_max", pin.replicationMax);
        g.writeStringField("name", pin.name);
        g.writeStringField("mode", pin.direct ? "direct" : "recursive");
        g.writeNumberField("shard_size", 0);
        g.writeFieldName("user_allocations");
        List<String> ua = pin.userAllocations;
        if (fromState || ua == null) {
            g.writeNull(); // not persisted in the shared state
        } else {
            stringArray(g, ua);
        }
        g.writeStringField("expire_at", pin.expireAtSeconds == 0 ? GO_ZERO_TIME : time(pin.expireAtSeconds * 1_000_000_000L));
        g.writeFieldName("metadata");
        Map<String, String> meta = pin.metadata;
        if (meta == null) {
            if (fromState) {
                g.writeNull();
            } else {
                g.writeStartObject();
                g.writeEndObject();
            }
        } else {
            stringMap(g, meta);
        }
        g.writeFieldName("pin_update");
        g.writeNull();
        g.writeFieldName("origins");
        if (fromState) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            g.writeNull();
        }
        g.writeStringField("cid", pin.cid);
        g.writeStringField("type", "pin");
        g.writeFieldName("allocations");
        allocations(g, pin, model);
        g.writeNumberField("max_depth", pin.direct ? 0 : -1);
        g.writeFieldName("reference");
        g.writeNull();
        long ts = fromState ? pin.timestampNanos / 1_000_000_000L * 1_000_000_000L : pin.timestampNanos;
        g.writeStringField("timestamp", time(ts));
        g.writeEndObject();
    }

    private static void allocations(JsonGenerator g, SimPin pin, ClusterModel model) throws IOException {
        g.writeStartArray();
        if (!pin.everywhere) {
            for (byte b : pin.allocations) {
                g.writeString(model.peers[b].id);
            }
        }
        g.writeEndArray();
    }

    /** GlobalPinInfo; peer_map keys sorted like Go's map encoding. */
    static void globalPinInfo(JsonGenerator g, ClusterModel.PinStatus s, ClusterModel model) throws IOException {
        g.writeStartObject();
        g.writeStringField("cid", s.cid());
        g.writeStringField("name", s.pin() == null ? "" : s.pin().name);
        g.writeFieldName("allocations");
        if (s.pin() == null) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            allocations(g, s.pin(), model);
        }
        g.writeFieldName("origins");
        g.writeStartArray();
        g.writeEndArray();
        g.writeStringField("created", time(s.createdNanos()));
        g.writeFieldName("metadata");
        if (s.pin() == null || s.pin().metadata == null) {
            g.writeNull();
        } else {
            stringMap(g, s.pin().metadata);
        }
        g.writeFieldName("peer_map");
        g.writeStartObject();
        List<ClusterModel.PeerStatus> sorted = s.peers().stream().sorted(Comparator.comparing(p -> p.peer().id)).toList();
        for (ClusterModel.PeerStatus p : sorted) {
            g.writeFieldName(p.peer().id);
            pinInfoShort(g, p);
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void pinInfoShort(JsonGenerator g, ClusterModel.PeerStatus p) throws IOException {
        g.writeStartObject();
        boolean failed = p.status().equals("cluster_error");
        g.writeStringField("peername", p.peer().name);
        if (!failed) {
            g.writeStringField("ipfs_peer_id", p.peer().ipfsId);
            g.writeFieldName("ipfs_peer_addresses");
            g.writeStartArray();
            g.writeString(p.peer().address + "/tcp/4001");
            g.writeEndArray();
        }
        g.writeStringField("status", p.status());
        g.writeStringField("timestamp", time(p.timestampNanos()));
        g.writeStringField("error", p.error());
        g.writeNumberField("attempt_count", p.attempts());
        g.writeBooleanField("priority_pin", p.priority());
        g.writeEndObject();
    }

    /** The ID object of a peer; {@code error} set = a member that did not answer (only id and error filled). */
    static void id(JsonGenerator g, SimPeer peer, List<SimPeer> members, String error) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", peer.id);
        if (!error.isEmpty()) {
            for (String f : new String[] {"addresses", "cluster_peers", "cluster_peers_addresses"}) {
                g.writeFieldName(f);
                g.writeNull();
            }
            g.writeStringField("version", "");
            g.writeStringField("commit", "");
            g.writeStringField("rpc_protocol_version", "");
            g.writeStringField("error", error);
            g.writeFieldName("ipfs");
            g.writeStartObject();
            g.writeFieldName("addresses");
            g.writeNull();
            g.writeStringField("error", "");
            g.writeEndObject();
            g.writeStringField("peername", "");
            g.writeEndObject();
            return;
        }
        g.writeFieldName("addresses");
        g.writeStartArray();
        g.writeString(peer.address + "/tcp/9096/p2p/" + peer.id);
        g.writeEndArray();
        g.writeFieldName("cluster_peers");
        g.writeStartArray();
        for (SimPeer m : members) {
            g.writeString(m.id);
        }
        g.writeEndArray();
        g.writeFieldName("cluster_peers_addresses");
        g.writeStartArray();
        for (SimPeer m : members) {
            if (m != peer) {
                g.writeString(m.address + "/tcp/9096/p2p/" + m.id);
            }
        }
        g.writeEndArray();
        g.writeStringField("version", VERSION);
        g.writeStringField("commit", "");
        g.writeStringField("rpc_protocol_version", "/ipfscluster/1.0/rpc");
        g.writeStringField("error", "");
        g.writeFieldName("ipfs");
        g.writeStartObject();
        g.writeStringField("id", peer.ipfsId);
        g.writeFieldName("addresses");
        g.writeStartArray();
        g.writeString(peer.address + "/tcp/4001/p2p/" + peer.ipfsId);
        g.writeEndArray();
        g.writeStringField("error", "");
        g.writeEndObject();
        g.writeStringField("peername", peer.name);
        g.writeEndObject();
    }

    /** Metric; with {@code triggeredAt} ≥ 0 it is an Alert. */
    static void metric(JsonGenerator g, String name, String peer, String value, long expireNanos, long weight,
            boolean partitionable, long receivedNanos, long triggeredAtNanos) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("peer", peer);
        g.writeStringField("value", value);
        g.writeNumberField("expire", expireNanos);
        g.writeBooleanField("valid", true);
        g.writeNumberField("weight", weight);
        g.writeBooleanField("partitionable", partitionable);
        g.writeNumberField("received_at", receivedNanos);
        if (triggeredAtNanos >= 0) {
            g.writeStringField("triggered_at", time(triggeredAtNanos));
        }
        g.writeEndObject();
    }

    static void error(JsonGenerator g, int code, String message) throws IOException {
        g.writeStartObject();
        g.writeNumberField("code", code);
        g.writeStringField("message", message);
        g.writeEndObject();
    }

    private static void stringArray(JsonGenerator g, List<String> values) throws IOException {
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void stringMap(JsonGenerator g, Map<String, String> map) throws IOException {
        g.writeStartObject();
        for (Map.Entry<String, String> e : (map instanceof TreeMap ? map : new TreeMap<>(map)).entrySet()) {
            g.writeStringField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
    }
}
