package me.grokme.pinning.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardCodec;
import me.grokme.pinning.ledger.HealthRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.StatusQueries;


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
    ObjectNode cid(Cid cid, Optional<PinRequest> request, Optional<HealthRecord> health, List<StatusQueries.HistoryEntry> history) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("cid", cid.toString());
        Optional<PinState> ledgerState = request.map(PinRequest::state);
        String status = health.filter(h -> h.state().equals("HEALTHY")).isPresent() || ledgerState.equals(Optional.of(PinState.PINNED)) ? "pinned"
                : ledgerState.equals(Optional.of(PinState.FAILED)) ? "failed"
                : ledgerState.equals(Optional.of(PinState.ORPHANED)) ? "orphaned"
                : ledgerState.equals(Optional.of(PinState.PENDING)) && health.isEmpty() ? "queued" : "pinning";
        out.put("status", status);
        if (status.equals("orphaned")) {
            // Our own wording, never the stored text: the public documents carry no error text.
            out.put("reason", "every mint that asked for this CID was removed by a chain reorganisation; it is pinned again "
                    + "if a mint asks for it on the canonical chain");
        }
        ArrayNode tokens = out.putArray("token_ids");
        request.ifPresent(r -> r.tokenIds().stream().sorted().forEach(tokens::add));
        // A CID a whole collection shares lists its first tokens and counts the rest.
        out.put("token_count", request.map(PinRequest::tokenCount).orElse(0));
        request.ifPresent(r -> {
            out.put("requested_at", r.requestedAt().toString());
            out.putObject("pin").put("name", r.clusterName());
        });
        ObjectNode replication = out.putObject("replication");
        ArrayNode peers = out.putArray("peers");
        if (health.isPresent()) {
            HealthRecord h = health.get();
            replication.put("state", h.state().toLowerCase());
            replication.put("pinned", h.pinned());
            replication.put("target_min", h.replicationMin());
            replication.put("target_max", h.replicationMax());
            ArrayNode regions = replication.putArray("regions");
            h.regions().forEach(regions::add);
            new TreeMap<>(h.peers()).forEach((name, st) -> peers.addObject().put("name", name).put("status", st));
            out.put("last_change_at", h.lastChange().toString());
        } else {
            replication.put("state", "not_checked_yet");
        }
        ArrayNode hist = out.putArray("history");
        for (StatusQueries.HistoryEntry op : history) {
            hist.addObject().put("at", op.at()).put("op", op.kind()).put("result", op.result());
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
}
