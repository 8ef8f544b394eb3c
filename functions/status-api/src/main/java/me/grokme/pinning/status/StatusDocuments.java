package me.grokme.pinning.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import me.grokme.pinning.availability.AvailabilityView;
import me.grokme.pinning.ledger.RetrievalRecord;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Builds the public documents (schema_version 1, src/main/resources/schema/status-v1.json) from what the
 * sweep and the ledger stored. Only allow-listed fields are copied: peer names, never ids or addresses,
 * never error text from the cluster.
 *
 * <p>Roll-up rules: a CID queued or pinning on its allocated peers for less than the sweep's grace period
 * ({@code IN_PROGRESS_GRACE}) is in progress and left out of the replica counts below; past it, it counts as it
 * stands and as below target. A peer is {@code operational} (up), {@code degraded_performance} (no free space) or
 * {@code major_outage} (its ping expired). A region is the worst of its peers, but {@code partial_outage}
 * while any peer in it is up. The page indicator is {@code critical} when a CID has no replica or every
 * peer is down; {@code major} when a region is down, a CID has a single replica, or a third of the peers
 * are down; {@code minor} when any CID is under-replicated, region-poor, errored or missing, any peer is
 * not operational, a step of the last sweep failed, a recorded pin waits for the cluster to take it, or the data
 * is stale; {@code none} otherwise — and "All content fully replicated" only when no recorded pin is still
 * pending, deferred, submitted or pinning.
 */
final class StatusDocuments {

    static final int SCHEMA_VERSION = 1;
    /** The dashboard's {@code failures} counters, in the order the page shows them. */
    static final List<String> FAILURE_KINDS = List.of("orphaned", "metadata_read_failed", "directory_skipped", "not_ipfs", "refused_uri",
            "token_uri_reverted", "reference_not_ipfs", "reference_refused", "range_too_large");
    private final ObjectMapper json = new ObjectMapper();
    private final StatusConfig config;

    StatusDocuments(StatusConfig config) {
        this.config = config;
    }

    ObjectNode dashboard(String storedSummary, Optional<JsonNode> availability, Instant now) {
        JsonNode s;
        try {
            s = json.readTree(storedSummary);
        } catch (IOException e) {
            throw new UncheckedIOException("stored summary is not JSON", e);
        }
        String generatedAt = s.path("generated_at").asText();
        long interval = s.path("sweep").path("interval_seconds").asLong(300);
        long staleAfter = 3 * interval;
        boolean stale = Duration.between(Instant.parse(generatedAt), now).getSeconds() > staleAfter;

        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        ObjectNode page = out.putObject("page");
        page.put("id", "grokme-pinning");
        page.put("name", config.pageName());
        page.put("url", config.pageUrl());
        page.put("time_zone", "Etc/UTC");
        page.put("updated_at", generatedAt);
        ObjectNode status = out.putObject("status");
        ArrayNode components = out.putArray("components");
        ArrayNode incidents = out.putArray("incidents");
        availability.ifPresent(a -> a.path("incidents").forEach(incidents::add));
        out.putArray("scheduled_maintenances");
        out.put("generated_at", generatedAt);

        ObjectNode freshness = out.putObject("freshness");
        ObjectNode last = freshness.putObject("last_sweep");
        last.put("started_at", s.path("sweep").path("started_at").asText());
        last.put("duration_ms", s.path("sweep").path("duration_ms").asLong());
        last.put("complete", s.path("sweep").path("complete").asBoolean());
        last.put("cids_checked", s.path("totals").path("cids").asLong());
        ArrayNode failedSteps = last.putArray("failed_steps");
        s.path("sweep").path("failed_steps").forEach(f -> failedSteps.add(f.path("step").asText()));
        freshness.put("sweep_interval_seconds", interval);
        freshness.put("stale_after_seconds", staleAfter);
        freshness.put("stale", stale);

        JsonNode totals = s.path("totals");
        ObjectNode pins = out.putObject("pins");
        pins.put("total_cids", totals.path("cids").asLong());
        ObjectNode target = pins.putObject("replication_target");
        target.put("min", s.path("replication_target").path("min").asInt(3));
        target.put("max", s.path("replication_target").path("max").asInt(5));
        target.put("min_regions", s.path("replication_target").path("min_regions").asInt(2));
        pins.put("average_replication", s.path("average_replication").asDouble());
        ArrayNode histogram = pins.putArray("replication_histogram");
        Iterator<Map.Entry<String, JsonNode>> h = s.path("replication_histogram").fields();
        long zero = 0;
        long one = 0;
        while (h.hasNext()) {
            Map.Entry<String, JsonNode> e = h.next();
            ObjectNode bucket = histogram.addObject();
            int replicas = Integer.parseInt(e.getKey().replace("+", ""));
            bucket.put("replicas", replicas);
            bucket.put("or_more", e.getKey().endsWith("+"));
            bucket.put("cids", e.getValue().asLong());
            zero += replicas == 0 ? e.getValue().asLong() : 0;
            one += replicas == 1 ? e.getValue().asLong() : 0;
        }
        // A CID still queued or pinning on its allocated peers within the grace period is in progress, not missing
        // replicas: a fresh mint never turns the page critical or major. Past the grace period it counts as it stands.
        JsonNode fresh = s.path("in_progress").path("within_grace_histogram");
        long freshTotal = 0;
        for (JsonNode bucket : fresh) {
            freshTotal += bucket.asLong();
        }
        zero -= Math.min(zero, fresh.path("0").asLong());
        one -= Math.min(one, fresh.path("1").asLong());
        pins.put("fully_replicated", totals.path("healthy").asLong());
        pins.put("under_replicated", totals.path("under_replicated").asLong());
        pins.put("region_poor", totals.path("region_poor").asLong());
        pins.put("in_progress", totals.path("pinning").asLong());
        long overdue = Math.max(0, totals.path("pinning").asLong() - freshTotal);
        pins.put("in_progress_overdue", overdue);
        pins.put("in_progress_grace_seconds", s.path("in_progress").path("grace_seconds").asLong());
        pins.put("errored", totals.path("errored").asLong());
        pins.put("unknown_to_cluster", totals.path("unknown_to_cluster").asLong());
        // Recorded mints the cluster has not (yet) confirmed at full replication: not safe yet, whatever the pinset says.
        JsonNode ledger = s.path("ledger");
        long waiting = ledger.path("pending").asLong() + ledger.path("deferred").asLong();
        pins.put("pending", ledger.path("pending").asLong());
        pins.put("deferred", ledger.path("deferred").asLong());
        pins.put("submitted", ledger.path("submitted").asLong());
        long failed = ledger.path("failed").asLong();
        pins.put("failed", failed);
        pins.put("not_yet_safe", waiting + ledger.path("submitted").asLong() + failed);

        // What pins nothing, by kind: each failure a token lookup (?v=2) shows, counted. Known keys only, 0 when absent.
        ObjectNode failures = out.putObject("failures");
        for (String kind : FAILURE_KINDS) {
            failures.put(kind, s.path("failures").path(kind).asLong());
        }

        // Nodes and regions, with their roll-ups.
        ArrayNode nodes = out.putArray("nodes");
        Map<String, List<String>> regionStatuses = new LinkedHashMap<>();
        Map<String, long[]> regionTotals = new LinkedHashMap<>();
        int peers = 0;
        int down = 0;
        int notOperational = 0;
        for (JsonNode p : s.path("peers")) {
            String name = p.path("name").asText();
            String region = p.path("region").asText();
            String st = switch (p.path("status").asText()) {
                case "up" -> "operational";
                case "degraded" -> "degraded_performance";
                default -> "major_outage";
            };
            peers++;
            down += st.equals("major_outage") ? 1 : 0;
            notOperational += st.equals("operational") ? 0 : 1;
            ObjectNode n = nodes.addObject();
            n.put("id", "peer-" + name);
            n.put("name", name);
            n.put("region", region);
            n.put("status", st);
            n.put("last_seen", p.path("last_seen").asText());
            n.put("pins", p.path("pins").asLong());
            n.putObject("storage").put("free_bytes", p.path("free_bytes").asLong());
            regionStatuses.computeIfAbsent(region, r -> new ArrayList<>()).add(st);
            long[] t = regionTotals.computeIfAbsent(region, r -> new long[2]);
            t[0] += p.path("pins").asLong();
            t[1] += p.path("free_bytes").asLong();
        }
        ArrayNode regions = out.putArray("regions");
        boolean regionDown = false;
        int position = 1;
        for (Map.Entry<String, List<String>> e : regionStatuses.entrySet()) {
            List<String> sts = e.getValue();
            long up = sts.stream().filter("operational"::equals).count();
            String st = up == 0 && sts.stream().allMatch("major_outage"::equals) ? "major_outage"
                    : sts.contains("major_outage") ? "partial_outage"
                    : sts.contains("degraded_performance") ? "degraded_performance" : "operational";
            regionDown |= st.equals("major_outage");
            ObjectNode r = regions.addObject();
            r.put("id", "region-" + e.getKey());
            r.put("name", e.getKey().toUpperCase());
            r.put("status", st);
            r.put("nodes_total", sts.size());
            r.put("nodes_up", up);
            r.put("replicas", regionTotals.get(e.getKey())[0]);
            r.putObject("storage").put("free_bytes", regionTotals.get(e.getKey())[1]);
            ObjectNode group = components.addObject();
            group.put("id", "region-" + e.getKey());
            group.put("name", e.getKey().toUpperCase());
            group.put("status", st);
            group.put("group", true);
            group.putNull("group_id");
            group.put("position", position++);
            group.put("updated_at", generatedAt);
            for (JsonNode n : nodes) {
                if (n.path("region").asText().equals(e.getKey())) {
                    ObjectNode c = components.addObject();
                    c.put("id", n.path("id").asText());
                    c.put("name", n.path("name").asText());
                    c.put("status", n.path("status").asText());
                    c.put("group", false);
                    c.put("group_id", "region-" + e.getKey());
                    c.put("position", position++);
                    c.put("updated_at", generatedAt);
                }
            }
        }
        long degradedCids = pins.path("under_replicated").asLong() + pins.path("region_poor").asLong()
                + pins.path("errored").asLong() + pins.path("unknown_to_cluster").asLong() + overdue;
        String indicator;
        String description;
        if (zero > 0 || (peers > 0 && down == peers)) {
            indicator = "critical";
            description = zero > 0 ? zero + " CID(s) without any replica" : "Every storage node is down";
        } else if (regionDown || one > 0 || (peers > 0 && down * 3 >= peers)) {
            indicator = "major";
            description = regionDown ? "A whole region is down" : one > 0 ? one + " CID(s) with a single replica" : down + " of " + peers + " nodes down";
        } else if (degradedCids > 0 || notOperational > 0 || stale || !failedSteps.isEmpty() || waiting > 0 || failed > 0) {
            indicator = "minor";
            description = stale ? "Status data is stale"
                    : !failedSteps.isEmpty() ? "The last health sweep could not finish every step"
                    : degradedCids > 0 ? degradedCids + " CID(s) below target"
                    : waiting > 0 ? waiting + " pin(s) waiting for the cluster to take them"
                    : failed > 0 ? failed + " pin(s) the cluster refused, waiting for an operator" : notOperational + " node(s) degraded";
        } else {
            // Only then is everything safe: nothing waiting in the ledger, nothing still replicating in the cluster.
            long replicating = ledger.path("submitted").asLong() + freshTotal;
            indicator = "none";
            description = replicating > 0 ? replicating + " new pin(s) still replicating; everything else fully replicated"
                    : "All content fully replicated";
        }
        status.put("indicator", indicator);
        status.put("description", description);

        ArrayNode ops = out.putArray("recent_operations");
        for (JsonNode o : s.path("recent_operations")) {
            ObjectNode op = ops.addObject();
            op.put("at", o.path("at").asText(""));
            op.put("op", o.path("kind").asText());
            op.put("cid", o.path("cid").asText());
            op.put("result", o.path("result").asText());
        }
        ArrayNode events = out.putArray("failure_events");
        for (JsonNode e : s.path("failure_events")) {
            ObjectNode ev = events.addObject();
            ev.put("at", e.path("at").asText());
            ev.put("kind", e.path("kind").asText());
            ev.put("subject", e.path("subject").asText());
            ev.put("detail", e.path("detail").asText());
        }
        availability.ifPresent(a -> {
            out.set("uptime", a.path("uptime"));
            out.set("durability", a.path("durability"));
        });
        ObjectNode links = out.putObject("links");
        links.put("self", "/status");
        links.put("cid_lookup", "/status/cids/{cid}");
        links.put("token_lookup", "/status/tokens/{token_id}");
        links.put("schema", "/status/schema/v1.json");
        return out;
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
        } else if (status.equals("failed")) {
            // The dead letter: our own wording and the count, never the cluster's error text (kept in the ledger for operators).
            long refusals = request.containsKey("refusals") ? Long.parseLong(request.get("refusals").n()) : 0;
            out.put("reason", refusals > 0 ? "the cluster refused to pin this CID " + refusals + " times; it is no longer retried "
                    + "automatically and needs an operator" : "this CID cannot be pinned; it needs an operator");
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

    /**
     * What the retrieval probes proved: per region the last result and when it last verified. No error text: the
     * failure reasons stay in the ledger and the logs.
     */
    ObjectNode retrieval(Optional<RetrievalRecord> probe) {
        ObjectNode r = json.createObjectNode();
        if (probe.isEmpty()) {
            r.put("state", "not_probed_yet");
            r.putArray("regions");
            return r;
        }
        RetrievalRecord p = probe.get();
        boolean all = !p.regions().isEmpty() && p.regionsVerified().size() == p.regions().size();
        r.put("state", all ? "verified" : p.regions().values().stream().anyMatch(c -> c.result() == RetrievalRecord.Result.FAILED) ? "failing"
                : "inconclusive");
        r.put("probed_at", p.probedAt().toString());
        if (p.verifiedAt().isPresent()) {
            r.put("verified_at", p.verifiedAt().get().toString());
        } else {
            r.putNull("verified_at");
        }
        ArrayNode regions = r.putArray("regions");
        new TreeMap<>(p.regions()).forEach((region, c) -> {
            ObjectNode o = regions.addObject();
            o.put("region", region);
            o.put("result", c.result().name().toLowerCase());
            o.put("checked_at", c.at().toString());
            if (c.verifiedAt().isPresent()) {
                o.put("verified_at", c.verifiedAt().get().toString());
            } else {
                o.putNull("verified_at");
            }
            o.put("whole_dag", c.dag());
        });
        return r;
    }

    /** The measured durability of a CID's current copies (the peers reporting it pinned), or why there is none. */
    ObjectNode durability(Optional<JsonNode> availability, Map<String, AttributeValue> health, Instant now) {
        if (availability.isEmpty()) {
            ObjectNode none = json.createObjectNode();
            none.put("state", "not_enough_history");
            none.put("reason", "no availability history has been recorded yet");
            return none;
        }
        JsonNode a = availability.get();
        Set<String> copies = new TreeSet<>();
        if (health != null && health.containsKey("peers")) {
            health.get("peers").m().forEach((peer, st) -> {
                if ("pinned".equals(st.s())) {
                    copies.add(peer);
                }
            });
        }
        AvailabilityView view = new AvailabilityView(Math.round(a.path("min_observed_days").asDouble(7) * 86_400),
                a.path("sweep_interval_seconds").asLong(300));
        return view.estimate(AvailabilityView.peers(a), copies, now.getEpochSecond());
    }

    /** Schema v1's token document became deprecated on 2026-12-02 (RFC 9745 {@code Deprecation}: {@code @epoch-seconds}). */
    static final String V1_TOKEN_DEPRECATED = "@1796169600";
    /** ...and is served until 90 days later (RFC 8594 {@code Sunset}); then {@code /status/tokens/{id}} answers v2. */
    static final String V1_TOKEN_SUNSET = "Tue, 02 Mar 2027 00:00:00 GMT";

    /** Schema v1: the token's first CIDs; {@code truncated} says there are more (v2 lists them all). */
    ObjectNode token(String tokenId, List<ObjectNode> cids, boolean truncated) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("token_id", tokenId);
        ArrayNode arr = out.putArray("cids");
        cids.forEach(arr::add);
        out.put("truncated", truncated);
        if (truncated) {
            out.put("complete_list", "/status/tokens/" + tokenId + "?v=2");
        }
        return out;
    }

    /**
     * Schema v2: every reference of the token with its {@code kind}, {@code state} and {@code reason}, one page of
     * them; {@code page.truncated} with {@code page.next} when more follow.
     */
    ObjectNode tokenV2(String tokenId, List<ObjectNode> references, Optional<String> nextCursor) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", 2);
        out.put("token_id", tokenId);
        ArrayNode arr = out.putArray("references");
        Map<String, Long> states = new TreeMap<>();
        for (ObjectNode r : references) {
            if (r.path("kind").asText().equals("content")) {
                r.put("state", r.path("status").asText());
            }
            states.merge(r.path("state").asText(), 1L, Long::sum);
            arr.add(r);
        }
        ObjectNode counts = out.putObject("states_on_this_page");
        states.forEach(counts::put);
        ObjectNode page = out.putObject("page");
        page.put("truncated", nextCursor.isPresent());
        nextCursor.ifPresent(c -> {
            page.put("next_cursor", c);
            page.put("next", "/status/tokens/" + tokenId + "?v=2&cursor=" + c);
        });
        return out;
    }

    /** A CID linked to the token whose pin request is not (or no longer) in the ledger. */
    ObjectNode unrecorded(StatusReader.TokenCid link) {
        ObjectNode out = json.createObjectNode();
        out.put("kind", "content");
        out.put("cid", link.cid());
        out.put("role", link.role());
        out.put("status", "unknown");
        out.put("reason", "linked to the token, but no pin request is recorded for it");
        return out;
    }

    /**
     * With deep pinning, a metadata link carries the reading of the metadata ({@code deep}) and every reference it
     * found; those pinned are content links of their own, the others are listed here with why they are not pinned.
     */
    List<ObjectNode> metadataRead(Map<String, AttributeValue> link) {
        List<ObjectNode> out = new ArrayList<>();
        String deep = text(link, "deep");
        if (deep.isEmpty()) {
            return out;
        }
        String reason = text(link, "deepReason");
        ObjectNode read = json.createObjectNode();
        read.put("kind", "metadata_read");
        read.put("cid", text(link, "cid"));
        read.put("state", switch (deep) {
            case "PENDING" -> "pending";
            case "DONE" -> "done";
            case "FAILED" -> "failed";
            default -> reason.contains("directory") ? "skipped_directory" : "skipped";
        });
        String why = deep.equals("PENDING") ? text(link, "deepError") : reason;
        if (!why.isEmpty()) {
            read.put("reason", clip(why));
        }
        out.add(read);
        AttributeValue refs = link.get("deepRefs");
        if (refs != null && refs.hasL()) {
            for (AttributeValue ref : refs.l()) {
                Map<String, AttributeValue> m = ref.m();
                if (m.containsKey("cid")) {
                    continue; // pinned: listed as content
                }
                String note = text(m, "note");
                ObjectNode r = json.createObjectNode();
                r.put("kind", "reference");
                r.put("field", text(m, "field"));
                r.put("uri", text(m, "uri"));
                r.put("state", note.startsWith("refused") ? "refused" : "not_ipfs");
                r.put("reason", clip(note));
                out.add(r);
            }
        }
        return out;
    }

    /** A mint log of the token that pins nothing: its token URI is not IPFS, was refused, or could not be read. */
    ObjectNode rejected(Map<String, AttributeValue> item) {
        ObjectNode out = json.createObjectNode();
        out.put("kind", "token_uri");
        out.put("state", text(item, "kind"));
        out.put("reason", clip(text(item, "reason")));
        out.put("at", text(item, "at"));
        return out;
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.s() == null ? "" : v.s();
    }
}
