package me.grokme.pinning.cluster;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the REST API's objects field by field from a Jackson {@link JsonParser} positioned on the
 * object's START_OBJECT. Unknown fields are skipped, {@code null} lists and maps become empty, enums fall
 * back to UNKNOWN. A value of the wrong JSON type throws {@link BadShape} naming the field.
 *
 * <p>Hand-written rather than data-bound: a cluster-wide status stream is the hot path of the sweep.
 */
final class ClusterJson {

    /** The body is JSON but not in the shape the API writes. */
    static final class BadShape extends RuntimeException {
        BadShape(String message) {
            super(message);
        }
    }

    private ClusterJson() {
    }

    static Pin pin(JsonParser p) throws IOException {
        expectObject(p, "Pin");
        String cid = null;
        PinType type = PinType.UNKNOWN;
        List<String> allocations = List.of();
        int maxDepth = -1;
        Optional<String> reference = Optional.empty();
        Instant timestamp = Rfc3339.GO_ZERO;
        int rmin = 0;
        int rmax = 0;
        String name = "";
        PinMode mode = PinMode.RECURSIVE;
        long shardSize = 0;
        List<String> userAllocations = List.of();
        Optional<Instant> expireAt = Optional.empty();
        Map<String, String> metadata = Map.of();
        Optional<String> pinUpdate = Optional.empty();
        List<String> origins = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "cid" -> cid = cidValue(p, field);
                case "type" -> type = PinType.fromWire(string(p, field));
                case "allocations" -> allocations = stringList(p, field);
                case "max_depth" -> maxDepth = (int) number(p, field);
                case "reference" -> reference = optionalCid(p, field);
                case "timestamp" -> timestamp = time(p, field);
                case "replication_factor_min" -> rmin = (int) number(p, field);
                case "replication_factor_max" -> rmax = (int) number(p, field);
                case "name" -> name = string(p, field);
                case "mode" -> mode = PinMode.fromWire(string(p, field));
                case "shard_size" -> shardSize = number(p, field);
                case "user_allocations" -> userAllocations = stringList(p, field);
                case "expire_at" -> {
                    Instant t = time(p, field);
                    expireAt = t.equals(Rfc3339.GO_ZERO) ? Optional.empty() : Optional.of(t);
                }
                case "metadata" -> metadata = stringMap(p, field);
                case "pin_update" -> pinUpdate = optionalCid(p, field);
                case "origins" -> origins = stringList(p, field);
                default -> p.skipChildren();
            }
        }
        if (cid == null) {
            throw new BadShape("Pin has no \"cid\"");
        }
        return new Pin(cid, type, allocations, maxDepth, reference, timestamp, rmin, rmax, name, mode, shardSize,
                userAllocations, expireAt, metadata, pinUpdate, origins);
    }

    static GlobalPinInfo globalPinInfo(JsonParser p) throws IOException {
        expectObject(p, "GlobalPinInfo");
        String cid = null;
        String name = "";
        List<String> allocations = List.of();
        List<String> origins = List.of();
        Instant created = Rfc3339.GO_ZERO;
        Map<String, String> metadata = Map.of();
        Map<String, PinInfoShort> peerMap = Map.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "cid" -> cid = cidValue(p, field);
                case "name" -> name = string(p, field);
                case "allocations" -> allocations = stringList(p, field);
                case "origins" -> origins = stringList(p, field);
                case "created" -> created = time(p, field);
                case "metadata" -> metadata = stringMap(p, field);
                case "peer_map" -> peerMap = peerMap(p);
                default -> p.skipChildren();
            }
        }
        if (cid == null) {
            throw new BadShape("GlobalPinInfo has no \"cid\"");
        }
        return new GlobalPinInfo(cid, name, allocations, origins, created, metadata, peerMap);
    }

    private static Map<String, PinInfoShort> peerMap(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        expectObject(p, "peer_map");
        Map<String, PinInfoShort> map = new HashMap<>(8);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String peer = p.currentName();
            p.nextToken();
            map.put(peer, pinInfoShort(p));
        }
        return map;
    }

    static PinInfoShort pinInfoShort(JsonParser p) throws IOException {
        expectObject(p, "PinInfoShort");
        String peername = "";
        Optional<String> ipfsPeerId = Optional.empty();
        List<String> addresses = List.of();
        TrackerStatus status = TrackerStatus.UNKNOWN;
        Instant timestamp = Rfc3339.GO_ZERO;
        String error = "";
        int attempts = 0;
        boolean priority = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "peername" -> peername = string(p, field);
                case "ipfs_peer_id" -> {
                    String id = string(p, field);
                    ipfsPeerId = id.isEmpty() ? Optional.empty() : Optional.of(id);
                }
                case "ipfs_peer_addresses" -> addresses = stringList(p, field);
                case "status" -> status = TrackerStatus.fromWire(string(p, field));
                case "timestamp" -> timestamp = time(p, field);
                case "error" -> error = string(p, field);
                case "attempt_count" -> attempts = (int) number(p, field);
                case "priority_pin" -> priority = bool(p, field);
                default -> p.skipChildren();
            }
        }
        return new PinInfoShort(peername, ipfsPeerId, addresses, status, timestamp, error, attempts, priority);
    }

    static ClusterPeer peer(JsonParser p) throws IOException {
        expectObject(p, "ID");
        String id = null;
        List<String> addresses = List.of();
        List<String> clusterPeers = List.of();
        List<String> clusterPeersAddresses = List.of();
        String version = "";
        String commit = "";
        String rpc = "";
        String error = "";
        ClusterPeer.IpfsId ipfs = new ClusterPeer.IpfsId("", List.of(), "");
        String peername = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = string(p, field);
                case "addresses" -> addresses = stringList(p, field);
                case "cluster_peers" -> clusterPeers = stringList(p, field);
                case "cluster_peers_addresses" -> clusterPeersAddresses = stringList(p, field);
                case "version" -> version = string(p, field);
                case "commit" -> commit = string(p, field);
                case "rpc_protocol_version" -> rpc = string(p, field);
                case "error" -> error = string(p, field);
                case "ipfs" -> ipfs = ipfsId(p);
                case "peername" -> peername = string(p, field);
                default -> p.skipChildren();
            }
        }
        if (id == null || id.isEmpty()) {
            throw new BadShape("ID has no \"id\"");
        }
        return new ClusterPeer(id, addresses, clusterPeers, clusterPeersAddresses, version, commit, rpc, error, ipfs, peername);
    }

    private static ClusterPeer.IpfsId ipfsId(JsonParser p) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return new ClusterPeer.IpfsId("", List.of(), "");
        }
        expectObject(p, "ipfs");
        String id = "";
        List<String> addresses = List.of();
        String error = "";
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = string(p, field);
                case "addresses" -> addresses = stringList(p, field);
                case "error" -> error = string(p, field);
                default -> p.skipChildren();
            }
        }
        return new ClusterPeer.IpfsId(id, addresses, error);
    }

    static Metric metric(JsonParser p) throws IOException {
        return alert(p).metric();
    }

    static Alert alert(JsonParser p) throws IOException {
        expectObject(p, "Metric");
        String name = "";
        String peer = "";
        String value = "";
        long expire = 0;
        boolean valid = false;
        long weight = 0;
        boolean partitionable = false;
        long receivedAt = 0;
        Instant triggeredAt = Rfc3339.GO_ZERO;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "name" -> name = string(p, field);
                case "peer" -> peer = string(p, field);
                case "value" -> value = string(p, field);
                case "expire" -> expire = number(p, field);
                case "valid" -> valid = bool(p, field);
                case "weight" -> weight = number(p, field);
                case "partitionable" -> partitionable = bool(p, field);
                case "received_at" -> receivedAt = number(p, field);
                case "triggered_at" -> triggeredAt = time(p, field);
                default -> p.skipChildren();
            }
        }
        return new Alert(new Metric(name, peer, value, expire, valid, weight, partitionable, receivedAt), triggeredAt);
    }

    /** Reads {@code {"code":…,"message":…}}; empty when the body is not that shape. */
    static Optional<String> errorMessage(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return Optional.empty();
        }
        String message = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            if (field.equals("message") && p.currentToken() == JsonToken.VALUE_STRING) {
                message = p.getText();
            } else {
                p.skipChildren();
            }
        }
        return Optional.ofNullable(message);
    }

    static void expectObject(JsonParser p, String what) {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new BadShape(what + " is not a JSON object (found " + p.currentToken() + ")");
        }
    }

    private static String string(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NULL) {
            return "";
        }
        throw new BadShape("\"" + field + "\" is not a string (found " + t + ")");
    }

    /** CIDs are JSON strings since cluster 1.0; the pre-1.0 {@code {"/": "…"}} form is refused on purpose. */
    private static String cidValue(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw new BadShape("\"" + field + "\" is not a CID string (found " + p.currentToken()
                    + "; the pre-1.0 {\"/\": …} form is not supported)");
        }
        return p.getText();
    }

    private static Optional<String> optionalCid(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return Optional.empty();
        }
        String v = cidValue(p, field);
        return v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    private static long number(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getLongValue();
        }
        if (t == JsonToken.VALUE_NULL) {
            return 0;
        }
        throw new BadShape("\"" + field + "\" is not an integer (found " + t + ")");
    }

    private static boolean bool(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE) {
            return t == JsonToken.VALUE_TRUE;
        }
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        throw new BadShape("\"" + field + "\" is not a boolean (found " + t + ")");
    }

    private static Instant time(JsonParser p, String field) throws IOException {
        String s = string(p, field);
        if (s.isEmpty()) {
            return Rfc3339.GO_ZERO;
        }
        try {
            return Rfc3339.parse(s);
        } catch (IllegalArgumentException e) {
            throw new BadShape("\"" + field + "\": " + e.getMessage());
        }
    }

    private static List<String> stringList(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (t != JsonToken.START_ARRAY) {
            throw new BadShape("\"" + field + "\" is not an array (found " + t + ")");
        }
        List<String> out = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new BadShape("\"" + field + "\" holds a non-string (found " + p.currentToken() + ")");
            }
            out.add(p.getText());
        }
        return out;
    }

    private static Map<String, String> stringMap(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (t != JsonToken.START_OBJECT) {
            throw new BadShape("\"" + field + "\" is not an object (found " + t + ")");
        }
        Map<String, String> out = new HashMap<>(8);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, string(p, field + "." + key));
        }
        return out;
    }
}
