package me.grokme.pinning.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import me.grokme.pinning.availability.AvailabilityView;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.dashboard.DashboardCodec;
import me.grokme.pinning.ledger.HealthRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.StatusQueries;
import me.grokme.pinning.ledger.TokenRef;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;


/**
 * Builds the public documents (schema_version 1, core's src/main/resources/schema/status-v1.json) from what the
 * sweep and the ledger stored. Only allow-listed fields are copied: peer names, never ids or addresses,
 * never error text from the cluster.
 *
 * <p>The roll-ups of nodes and regions are the sweep's ({@code SummaryBuilder}); the page indicator is
 * {@link StatusIndicator}'s, at read time because stale data raises it.
 * A CID queued or pinning on its allocated peers for less than the sweep's grace period ({@code IN_PROGRESS_GRACE})
 * is in progress and left out of the replica counts; past it, it counts as it stands and as below target.
 */
final class StatusDocuments {

    static final int SCHEMA_VERSION = 1;
    /** The dashboard's {@code failures} counters, in the order the page shows them. */
    static final List<String> FAILURE_KINDS = List.of("orphaned", "metadata_read_failed", "directory_skipped", "not_ipfs", "refused_uri",
            "token_uri_reverted", "reference_not_ipfs", "reference_refused", "range_too_large");
    private final ObjectMapper json = DashboardCodec.mapper();
    private final StatusConfig config;

    StatusDocuments(StatusConfig config) {
        this.config = config;
    }

    /**
     * The public dashboard: the sweep's {@link Dashboard} as it is (its sections carry the public names already), plus
     * what depends on the moment of reading — the page, {@code freshness.stale}, the indicator and the components — and
     * the sweep's availability view ({@code incidents}, {@code uptime}, {@code durability}) when there is one.
     */
    ObjectNode dashboard(Dashboard d, Optional<JsonNode> availability, Instant now) {
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
        ArrayNode incidents = out.putArray("incidents");
        availability.ifPresent(a -> a.path("incidents").forEach(incidents::add));
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
        // Beside the global totals: each capsule's CIDs by state (a shared CID under the capsule whose token named its pin).
        out.set("capsules", json.valueToTree(d.capsules()));
        // What pins nothing, by kind: each failure a token lookup (?v=2) shows, counted. Known keys only, 0 when absent.
        ObjectNode failures = out.putObject("failures");
        for (String kind : FAILURE_KINDS) {
            failures.put(kind, d.failures().getOrDefault(kind, 0L));
        }
        // Mints no longer on the canonical chain, and the release of content only they used.
        ObjectNode reorgs = json.valueToTree(d.reorgs());
        reorgs.put("release_grace_seconds", config.orphanReleaseGrace().toSeconds());
        out.set("reorgs", reorgs);
        availability.ifPresent(a -> {
            out.set("uptime", a.path("uptime"));
            out.set("durability", a.path("durability"));
        });
        ObjectNode links = out.putObject("links");
        links.put("self", "/status");
        links.put("cid_lookup", "/status/cids/{cid}");
        links.put("token_lookup", "/status/tokens/{token_id}");
        links.put("capsule_token_lookup", "/status/tokens/{capsule}/{token_id}");
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

    /** Tokens by capsule, then by id as a number (ids are decimal strings of any length). */
    private static final Comparator<TokenRef> TOKEN_ORDER = Comparator.comparing(TokenRef::capsule)
            .thenComparingInt(t -> t.tokenId().length()).thenComparing(TokenRef::tokenId);

    /** One CID: ledger request + the sweep's observation + its operation history. */
    ObjectNode cid(Cid cid, Optional<PinRequest> request, Optional<HealthRecord> health, List<StatusQueries.HistoryEntry> history) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("cid", cid.toString());
        String status = cidStatus(request, health);
        out.put("status", status);
        statusReason(status, request).ifPresent(reason -> out.put("reason", reason));
        requestFields(out, request);
        replicationFields(out, health);
        ArrayNode hist = out.putArray("history");
        for (StatusQueries.HistoryEntry op : history) {
            hist.addObject().put("at", op.at()).put("op", op.kind()).put("result", op.result());
        }
        return out;
    }

    private static String cidStatus(Optional<PinRequest> request, Optional<HealthRecord> health) {
        Optional<PinState> ledgerState = request.map(PinRequest::state);
        // Released first: the sweep's last observation of a CID the cluster let go of is out of date.
        return request.filter(PinRequest::released).isPresent() ? "released"
                : ledgerState.equals(Optional.of(PinState.ORPHANED)) ? "orphaned"
                : health.filter(h -> h.state().equals("HEALTHY")).isPresent() || ledgerState.equals(Optional.of(PinState.PINNED)) ? "pinned"
                : ledgerState.equals(Optional.of(PinState.FAILED)) ? "failed"
                : ledgerState.equals(Optional.of(PinState.ORPHANED)) ? "orphaned"
                : ledgerState.equals(Optional.of(PinState.PENDING)) && health.isEmpty() ? "queued" : "pinning";
    }

    private static Optional<String> statusReason(String status, Optional<PinRequest> request) {
        if (status.equals("released")) {
            return Optional.of("every mint that asked for this CID is no longer on the canonical chain; its content was unpinned "
                    + "after the release grace, and is pinned again if a mint asks for it on the canonical chain");
        } else if (status.equals("orphaned")) {
            // Our own wording, never the stored text: the public documents carry no error text.
            return Optional.of("every mint that asked for this CID was removed by a chain reorganisation; it is pinned again "
                    + "if a mint asks for it on the canonical chain");
        } else if (status.equals("failed")) {
            // The dead letter: our own wording and the count, never the cluster's error text (kept in the ledger for operators).
            long refusals = request.map(PinRequest::refusals).orElse(0);
            return Optional.of(refusals > 0 ? "the cluster refused to pin this CID " + refusals + " times; it is no longer retried "
                    + "automatically and needs an operator" : "this CID cannot be pinned; it needs an operator");
        }
        return Optional.empty();
    }

    /** The ledger request's part: capsules, tokens, when it was asked for, its pin name and release. */
    private void requestFields(ObjectNode out, Optional<PinRequest> request) {
        // The capsules whose tokens use this content (one request however many); tokens names each listed token with its
        // capsule (token_ids, the bare ids of v1, is ambiguous when two capsules share the content).
        ArrayNode capsules = out.putArray("capsules");
        request.ifPresent(r -> r.capsules().stream().sorted().forEach(capsules::add));
        ArrayNode tokens = out.putArray("tokens");
        request.ifPresent(r -> r.tokens().stream().sorted(TOKEN_ORDER).forEach(t -> {
            ObjectNode token = tokens.addObject();
            if (!t.capsule().isEmpty()) {
                token.put("capsule", t.capsule());
            }
            token.put("token_id", t.tokenId());
        }));
        ArrayNode tokenIds = out.putArray("token_ids");
        request.ifPresent(r -> r.tokenIds().stream().sorted().forEach(tokenIds::add));
        // A CID a whole collection shares lists its first tokens and counts the rest.
        out.put("token_count", request.map(PinRequest::tokenCount).orElse(0));
        request.ifPresent(r -> {
            out.put("requested_at", r.requestedAt().toString());
            out.putObject("pin").put("name", r.clusterName());
            release(out, r);
        });
    }

    /** The sweep's last observation: replication, peers and when it last changed. */
    private static void replicationFields(ObjectNode out, Optional<HealthRecord> health) {
        ObjectNode replication = out.putObject("replication");
        ArrayNode peers = out.putArray("peers");
        if (health.isEmpty()) {
            replication.put("state", "not_checked_yet");
            return;
        }
        HealthRecord h = health.get();
        replication.put("state", h.state().toLowerCase());
        replication.put("pinned", h.pinned());
        replication.put("target_min", h.replicationMin());
        replication.put("target_max", h.replicationMax());
        ArrayNode regions = replication.putArray("regions");
        h.regions().forEach(regions::add);
        new TreeMap<>(h.peers()).forEach((name, st) -> peers.addObject().put("name", name).put("status", st));
        out.put("last_change_at", h.lastChange().toString());
    }

    /**
     * Whether only orphaned mints (no longer on the canonical chain) hold the content, and its release: {@code scheduled}
     * (still pinned; unpinned at {@code release_after} unless a mint asks for it on the canonical chain first),
     * {@code releasing} (decided, the cluster's unpin under way) or {@code released}.
     */
    private void release(ObjectNode out, PinRequest r) {
        boolean held = r.unusedSince().isPresent() || r.released();
        out.put("held_only_by_orphaned_mints", held);
        if (!held) {
            return;
        }
        ObjectNode release = out.putObject("release");
        r.unusedSince().ifPresent(since -> release.put("unused_since", since.toString()));
        if (r.released()) {
            release.put("state", "released");
            r.releasedAt().ifPresent(at -> release.put("released_at", at.toString()));
        } else if (r.release().equals(PinRequest.UNPINNING)) {
            release.put("state", "releasing");
        } else {
            release.put("state", "scheduled");
            r.unusedSince().ifPresent(since -> release.put("release_after", since.plus(config.orphanReleaseGrace()).toString()));
        }
    }

    /**
     * A token's content whose mint is no longer on the canonical chain (or, for a referenced CID, whose metadata's mint is
     * not): not pinned for this token, whatever the content's own state ({@code content_status}, shared with live tokens).
     */
    static void mint(ObjectNode doc, Optional<StatusQueries.OrphanedLink> orphaned) {
        doc.put("orphaned", orphaned.isPresent());
        orphaned.ifPresent(o -> {
            doc.put("content_status", doc.path("status").asText());
            doc.put("status", "orphaned");
            doc.put("orphan_reason", o.reason().wire());
            doc.put("reason", o.reason().description());
            if (!o.at().isEmpty()) {
                doc.put("orphaned_at", o.at());
            }
        });
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
    ObjectNode durability(Optional<JsonNode> availability, Optional<HealthRecord> health, Instant now) {
        if (availability.isEmpty()) {
            ObjectNode none = json.createObjectNode();
            none.put("state", "not_enough_history");
            none.put("reason", "no availability history has been recorded yet");
            return none;
        }
        JsonNode a = availability.get();
        Set<String> copies = new TreeSet<>();
        health.ifPresent(h -> h.peers().forEach((peer, st) -> {
            if ("pinned".equals(st)) {
                copies.add(peer);
            }
        }));
        AvailabilityView view = new AvailabilityView(Math.round(a.path("min_observed_days").asDouble(7) * 86_400),
                a.path("sweep_interval_seconds").asLong(300));
        return view.estimate(AvailabilityView.peers(a), copies, now.getEpochSecond());
    }

    /** Schema v1's token document became deprecated on 2026-12-02 (RFC 9745 {@code Deprecation}: {@code @epoch-seconds}). */
    static final String V1_TOKEN_DEPRECATED = "@1796169600";
    /** ...and is served until 90 days later (RFC 8594 {@code Sunset}); then {@code /status/tokens/{id}} answers v2. */
    static final String V1_TOKEN_SUNSET = "Tue, 02 Mar 2027 00:00:00 GMT";

    /** A token's own route: {@code /status/tokens/<capsule>/<id>}, unambiguous whatever capsules are configured. */
    static String tokenPath(TokenRef token) {
        return "/status/tokens/" + token.capsule() + "/" + token.tokenId();
    }

    /** Schema v1: the token's first CIDs; {@code truncated} says there are more (v2 lists them all). */
    ObjectNode token(TokenRef token, List<ObjectNode> cids, boolean truncated) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", SCHEMA_VERSION);
        out.put("capsule", token.capsule());
        out.put("token_id", token.tokenId());
        ArrayNode arr = out.putArray("cids");
        cids.forEach(arr::add);
        out.put("truncated", truncated);
        if (truncated) {
            out.put("complete_list", tokenPath(token) + "?v=2");
        }
        return out;
    }

    /**
     * Schema v2: every reference of the token with its {@code kind}, {@code state} and {@code reason}, one page of
     * them; {@code page.truncated} with {@code page.next} when more follow.
     */
    ObjectNode tokenV2(TokenRef token, List<ObjectNode> references, Optional<String> nextCursor) {
        ObjectNode out = json.createObjectNode();
        out.put("schema_version", 2);
        out.put("capsule", token.capsule());
        out.put("token_id", token.tokenId());
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
            page.put("next", tokenPath(token) + "?v=2&cursor=" + c);
        });
        return out;
    }

    /** A CID linked to the token whose pin request is not (or no longer) in the ledger. */
    ObjectNode unrecorded(StatusQueries.TokenCid link) {
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
    List<ObjectNode> metadataRead(StatusQueries.TokenCid link, Optional<StatusQueries.MetadataRead> reading) {
        List<ObjectNode> out = new ArrayList<>();
        if (reading.isEmpty()) {
            return out;
        }
        StatusQueries.MetadataRead r0 = reading.get();
        String deep = r0.state();
        String reason = r0.reason();
        ObjectNode read = json.createObjectNode();
        read.put("kind", "metadata_read");
        read.put("cid", link.cid());
        read.put("state", switch (deep) {
            case "PENDING" -> "pending";
            case "DONE" -> "done";
            case "FAILED" -> "failed";
            default -> reason.contains("directory") ? "skipped_directory" : "skipped";
        });
        String why = deep.equals("PENDING") ? r0.error() : reason;
        if (!why.isEmpty()) {
            read.put("reason", clip(why));
        }
        out.add(read);
        for (StatusQueries.UnpinnedReference ref : r0.unpinned()) { // pinned ones are listed as content
            String note = ref.note();
            ObjectNode r = json.createObjectNode();
            r.put("kind", "reference");
            r.put("field", ref.field());
            r.put("uri", ref.uri());
            r.put("state", note.startsWith("refused") ? "refused" : "not_ipfs");
            r.put("reason", clip(note));
            out.add(r);
        }
        return out;
    }

    /** A mint log of the token that pins nothing: its token URI is not IPFS, was refused, or could not be read. */
    ObjectNode rejected(StatusQueries.TokenItem.Rejected item) {
        ObjectNode out = json.createObjectNode();
        out.put("kind", "token_uri");
        out.put("state", item.kind());
        out.put("reason", clip(item.reason()));
        out.put("at", item.at());
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
