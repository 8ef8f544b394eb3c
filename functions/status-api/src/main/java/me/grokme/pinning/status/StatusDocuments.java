package me.grokme.pinning.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardCodec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds the public documents (schema_version 1, core's src/main/resources/schema/status-v1.json) from what the
 * sweep and the ledger stored. Only allow-listed fields are copied: peer names, never ids or addresses,
 * never error text from the cluster.
 *
 * <p>The roll-ups of nodes and regions are the sweep's ({@code SummaryBuilder}); the page indicator is
 * {@link StatusIndicator}'s, at read time because stale data raises it.
 */
final class StatusDocuments {

    static final int SCHEMA_VERSION = 1;
    private final ObjectMapper json = DashboardCodec.mapper();
    private final StatusConfig config;

    StatusDocuments(StatusConfig config) {
        this.config = config;
    }

    /**
     * The public dashboard: the sweep's {@link Dashboard} as it is (its sections carry the public names already), plus
     * what depends on the moment of reading — the page, {@code freshness.stale}, the indicator and the components.
     */
    ObjectNode dashboard(Dashboard d, Instant now) {
        long interval = d.freshness().sweepIntervalSeconds();
        long staleAfter = 3 * interval;
        boolean stale = Duration.between(d.generatedAt(), now).getSeconds() > staleAfter;
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        ObjectNode page = out.putObject("page");
        page.put("id", "grokme-pinning");
        page.put("name", config.pageName());
        page.put("url", config.pageUrl());
        page.put("time_zone", "Etc/UTC");
        page.put("updated_at", d.generatedAt().toString());
        StatusIndicator.Verdict verdict = StatusIndicator.judge(d, stale);
        out.putObject("status").put("indicator", verdict.indicator()).put("description", verdict.description());
        out.set("components", components(d));
        out.putArray("incidents");
        out.putArray("scheduled_maintenances");
        out.put("generated_at", d.generatedAt().toString());
        ObjectNode freshness = json.valueToTree(d.freshness());
        freshness.put("stale_after_seconds", staleAfter);
        freshness.put("stale", stale);
        out.set("freshness", freshness);
        out.set("pins", json.valueToTree(d.pins()));
        out.set("nodes", json.valueToTree(d.nodes()));
        out.set("regions", json.valueToTree(d.regions()));
        out.set("recent_operations", json.valueToTree(d.recentOperations()));
        out.set("failure_events", json.valueToTree(d.failureEvents()));
        ObjectNode links = out.putObject("links");
        links.put("self", "/status");
        links.put("cid_lookup", "/status/cids/{cid}");
        links.put("token_lookup", "/status/tokens/{token_id}");
        links.put("schema", "/status/schema/v1.json");
        return out;
    }

    /** Statuspage's components: a group per region, followed by its nodes. */
    private ArrayNode components(Dashboard d) {
        ArrayNode components = json.createArrayNode();
        String updatedAt = d.generatedAt().toString();
        int position = 1;
        for (Dashboard.Region r : d.regions()) {
            ObjectNode group = components.addObject();
            group.put("id", r.id());
            group.put("name", r.name());
            group.put("status", r.status().wire());
            group.put("group", true);
            group.putNull("group_id");
            group.put("position", position++);
            group.put("updated_at", updatedAt);
            for (Dashboard.Node n : d.nodes()) {
                if (("region-" + n.region()).equals(r.id())) {
                    ObjectNode c = components.addObject();
                    c.put("id", n.id());
                    c.put("name", n.name());
                    c.put("status", n.status().wire());
                    c.put("group", false);
                    c.put("group_id", r.id());
                    c.put("position", position++);
                    c.put("updated_at", updatedAt);
                }
            }
        }
        return components;
    }

    /** One CID: ledger request + the sweep's observation + its operation history. */
    ObjectNode cid(String cid, Map<String, AttributeValue> request, Map<String, AttributeValue> health,
            List<Map<String, AttributeValue>> history) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("cid", cid);
        String ledgerState = request == null ? "" : text(request, "state");
        String healthState = health == null ? "" : text(health, "health");
        String status = "HEALTHY".equals(healthState) || "PINNED".equals(ledgerState) ? "pinned"
                : "FAILED".equals(ledgerState) ? "failed"
                : "ORPHANED".equals(ledgerState) ? "orphaned"
                : "PENDING".equals(ledgerState) && health == null ? "queued" : "pinning";
        out.put("status", status);
        if (status.equals("orphaned")) {
            // Our own wording, never the stored text: the public documents carry no error text.
            out.put("reason", "every mint that asked for this CID was removed by a chain reorganisation; it is pinned again "
                    + "if a mint asks for it on the canonical chain");
        }
        ArrayNode tokens = out.putArray("token_ids");
        if (request != null && request.containsKey("tokenIds")) {
            request.get("tokenIds").ss().stream().sorted().forEach(tokens::add);
        }
        // A CID a whole collection shares lists its first tokens and counts the rest.
        long moreTokens = request != null && request.containsKey("moreTokens") ? Long.parseLong(request.get("moreTokens").n()) : 0;
        out.put("token_count", tokens.size() + moreTokens);
        if (request != null) {
            out.put("requested_at", text(request, "requestedAt"));
            String name = text(request, "pinName");
            out.putObject("pin").put("name", name.isEmpty() ? text(request, "capsule") + "-" + (tokens.isEmpty() ? "" : tokens.get(0).asText()) : name);
        }
        ObjectNode replication = out.putObject("replication");
        ArrayNode peers = out.putArray("peers");
        if (health != null) {
            replication.put("state", healthState.toLowerCase());
            replication.put("pinned", Long.parseLong(health.get("pinnedCount").n()));
            replication.put("target_min", Long.parseLong(health.get("rmin").n()));
            replication.put("target_max", Long.parseLong(health.get("rmax").n()));
            ArrayNode regions = replication.putArray("regions");
            health.get("regions").l().forEach(r -> regions.add(r.s()));
            health.get("peers").m().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
                ObjectNode p = peers.addObject();
                p.put("name", e.getKey());
                p.put("status", e.getValue().s());
            });
            out.put("last_change_at", text(health, "lastChange"));
        } else {
            replication.put("state", "not_checked_yet");
        }
        ArrayNode h = out.putArray("history");
        for (Map<String, AttributeValue> op : history) {
            ObjectNode o = h.addObject();
            o.put("at", text(op, "at"));
            o.put("op", text(op, "kind"));
            o.put("result", text(op, "result"));
        }
        return out;
    }

    ObjectNode token(String tokenId, List<ObjectNode> cids) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("token_id", tokenId);
        ArrayNode arr = out.putArray("cids");
        cids.forEach(arr::add);
        return out;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }
}
