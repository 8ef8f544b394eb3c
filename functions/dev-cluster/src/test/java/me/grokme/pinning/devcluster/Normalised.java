package me.grokme.pinning.devcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An answer of the cluster API flattened into comparable facts: {@code path → value} for what the project reads
 * (statuses, names, CIDs, replication, error codes and messages) and {@code path → <type>} for everything else
 * (ids, addresses, timestamps, versions differ between any two clusters). Peer maps are keyed by peer name,
 * streamed lines sorted by CID, and arrays of ids reduced to their length, so two clusters with different
 * identities and clocks give the same facts when they behave the same.
 */
final class Normalised {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys whose values are compared; the rest only by JSON type. */
    private static final Set<String> SEMANTIC = Set.of("cid", "name", "status", "peername", "code", "message", "type", "mode",
            "replication_factor_min", "replication_factor_max", "max_depth", "metadata", "user_allocations", "expire_at",
            "shard_size", "reference", "valid", "partitionable", "metric_name");
    /** Arrays of peer ids or addresses: only how many. */
    private static final Set<String> COUNTED = Set.of("allocations", "cluster_peers", "cluster_peers_addresses", "addresses",
            "ipfs_peer_addresses", "origins");

    private Normalised() {
    }

    /** Facts of a JSON body, or of an NDJSON stream (one object per line). */
    static Map<String, String> facts(String body) {
        Map<String, String> out = new TreeMap<>();
        List<JsonNode> items = new ArrayList<>();
        try {
            if (body.isBlank()) {
                return out;
            }
            JsonNode single;
            try {
                single = JSON.readTree(body);
                String rest = body.strip();
                boolean ndjson = rest.indexOf('\n') > 0 && rest.startsWith("{") && single.isObject() && rest.lastIndexOf('{') > 0
                        && lineCount(rest) > 1;
                if (ndjson) {
                    for (String line : rest.split("\n")) {
                        items.add(JSON.readTree(line));
                    }
                } else {
                    items.add(single);
                }
            } catch (IOException notOneDocument) {
                for (String line : body.strip().split("\n")) {
                    items.add(JSON.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        items.sort(Comparator.comparing(n -> n.path("cid").asText() + n.path("peername").asText() + n.path("name").asText()));
        out.put("items", Integer.toString(items.size()));
        for (int i = 0; i < items.size(); i++) {
            walk(items.get(i), "[" + i + "]", null, out);
        }
        return out;
    }

    private static int lineCount(String s) {
        return (int) s.lines().filter(l -> !l.isBlank()).count();
    }

    private static void walk(JsonNode n, String path, String key, Map<String, String> out) {
        if (key != null && COUNTED.contains(key) && n.isArray()) {
            out.put(path, "<" + n.size() + " items>");
            return;
        }
        if (n.isObject()) {
            if ("peer_map".equals(key)) {
                n.fields().forEachRemaining(e -> walk(e.getValue(), path + "." + e.getValue().path("peername").asText("?"), null, out));
                return;
            }
            Set<String> names = new TreeSet<>();
            n.fieldNames().forEachRemaining(names::add);
            for (String f : names) {
                walk(n.get(f), path + "." + f, f, out);
            }
            return;
        }
        if (n.isArray()) {
            List<String> parts = new ArrayList<>();
            n.forEach(x -> parts.add(x.isValueNode() ? x.asText() : "<" + type(x) + ">"));
            if (key != null && SEMANTIC.contains(key)) {
                parts.sort(String::compareTo);
                out.put(path, parts.toString());
            } else {
                out.put(path, "<array of " + n.size() + ">");
                for (int i = 0; i < n.size(); i++) {
                    if (n.get(i).isContainerNode()) {
                        walk(n.get(i), path + "[" + i + "]", null, out);
                    }
                }
            }
            return;
        }
        out.put(path, key != null && SEMANTIC.contains(key) ? n.asText() : "<" + type(n) + ">");
    }

    private static String type(JsonNode n) {
        return n.isNull() ? "null" : n.isBoolean() ? "boolean" : n.isNumber() ? "number" : n.isTextual() ? "string"
                : n.isArray() ? "array" : "object";
    }

    /** Where two sets of facts differ, one line each. */
    static List<String> diff(Map<String, String> real, Map<String, String> sim) {
        List<String> out = new ArrayList<>();
        Set<String> keys = new TreeSet<>(real.keySet());
        keys.addAll(sim.keySet());
        for (String k : keys) {
            String a = real.get(k);
            String b = sim.get(k);
            if (a == null || b == null || !a.equals(b)) {
                out.add(k + ": real=" + a + " sim=" + b);
            }
        }
        return out;
    }
}
