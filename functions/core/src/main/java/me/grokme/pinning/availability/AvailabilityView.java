package me.grokme.pinning.availability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The precomputed availability document the sweep stores (AVAIL/CURRENT) and the status function serves: incidents in
 * Atlassian Statuspage's shape, 90 daily uptime bars per region and node with their 30- and 90-day availability, the
 * durability model with an example, and the peers' histories the status function needs for per-CID estimates.
 */
public final class AvailabilityView {

    public static final int DAYS = 90;
    public static final int INCIDENT_DAYS = 30;
    public static final int MAX_INCIDENTS = 50;
    /** Peers' segments kept in the document for per-CID estimates (newest): bounds the item under DynamoDB's 400 KB. */
    public static final int MODEL_SEGMENTS_PER_PEER = 500;

    public static final String MODEL = "Each copy of a CID is unavailable while its node is down, as the health sweep observed it every few "
            + "minutes (an outage counts from the last sweep that saw the node up to the first that sees it up again). In each region, the "
            + "time all of the CID's copies there were down together (a region outage, a shared host or network) is counted as observed, "
            + "a correlated event; only the rest of each node's downtime is treated as independent. Regions are treated as independent "
            + "of each other, but the result is never below the time every copy was observed down at once. The expected time until every "
            + "copy is unavailable at once is 1 / (P x the sum of the copies' observed repair rates): the time to data loss if each outage "
            + "had destroyed its copy. A node with no outage yet is computed as if it had one of the mean observed length (an upper bound "
            + "on P). Nothing is estimated before every node holding a copy was observed for the minimum number of days.";

    private final ObjectMapper json = new ObjectMapper();
    private final long minObservedSeconds;
    private final long sweepIntervalSeconds;

    /**
     * @param minObservedSeconds   observation needed before an availability or durability number is published
     * @param sweepIntervalSeconds the sweeps' period: the assumed outage when none was observed anywhere
     */
    public AvailabilityView(long minObservedSeconds, long sweepIntervalSeconds) {
        this.minObservedSeconds = minObservedSeconds;
        this.sweepIntervalSeconds = sweepIntervalSeconds;
    }

    public ObjectNode build(List<History> peers, History replication, Instant generatedAt) {
        long now = generatedAt.getEpochSecond();
        ObjectNode out = json.createObjectNode();
        out.put("generated_at", generatedAt.toString());
        out.put("min_observed_days", minObservedSeconds / 86_400.0);
        boolean anyPeerDown = peers.stream().anyMatch(History::downAtLastObservation);
        ArrayNode incidents = out.putArray("incidents");
        Map<String, String> names = componentNames(peers);
        for (Incident i : Incidents.derive(peers, replication, now - INCIDENT_DAYS * 86_400L, MAX_INCIDENTS)) {
            incidents.add(incident(i, names, anyPeerDown, now));
        }
        out.set("uptime", uptime(peers, generatedAt));
        out.set("durability", durability(peers, now));
        ArrayNode model = out.putObject("model").putArray("peers");
        for (History h : peers) {
            ObjectNode p = model.addObject();
            p.put("name", h.name());
            p.put("region", h.region());
            ArrayNode segs = p.putArray("segments");
            List<Segment> s = h.segments();
            for (Segment x : s.subList(Math.max(0, s.size() - MODEL_SEGMENTS_PER_PEER), s.size())) {
                segs.addArray().add(x.from()).add(x.to()).add(x.up() ? 1 : 0);
            }
        }
        return out;
    }

    /** The peers' histories stored in a document this class built. */
    public static Map<String, History> peers(JsonNode document) {
        Map<String, History> out = new LinkedHashMap<>();
        for (JsonNode p : document.path("model").path("peers")) {
            List<Segment> s = new ArrayList<>();
            p.path("segments").forEach(x -> s.add(new Segment(x.get(0).asLong(), x.get(1).asLong(), x.get(2).asInt() == 1)));
            out.put(p.path("name").asText(), new History(p.path("name").asText(), p.path("region").asText(), s));
        }
        return out;
    }

    /** The durability of one placement (peer names) as public JSON. */
    public ObjectNode estimate(Map<String, History> peers, Set<String> placement, long now) {
        long from = now - DAYS * 86_400L;
        Durability.Estimate e = Durability.estimate(peers, placement, from, now, minObservedSeconds, assumedOutage(peers.values(), from, now));
        ObjectNode o = json.createObjectNode();
        switch (e) {
            case Durability.NotEnoughHistory n -> {
                o.put("state", "not_enough_history");
                o.put("reason", n.reason());
            }
            case Durability.Estimated m -> {
                o.put("state", "estimated");
                o.put("all_copies_unavailable_probability", significant(m.allUnavailable()));
                if (Double.isInfinite(m.secondsToLoss())) {
                    o.putNull("expected_years_to_loss");
                } else {
                    o.put("expected_years_to_loss", significant(m.secondsToLoss() / (365.25 * 86_400)));
                }
                o.put("upper_bound", m.upperBound());
                o.put("observed_days", Math.round(m.observedSeconds() / 8_640.0) / 10.0);
            }
        }
        o.put("window_days", DAYS);
        ArrayNode copies = o.putArray("copies");
        placement.stream().sorted().forEach(copies::add);
        return o;
    }

    /** The mean observed outage, or one sweep interval when none was observed anywhere. */
    private long assumedOutage(java.util.Collection<History> peers, long from, long to) {
        long down = 0;
        long outages = 0;
        for (History h : peers) {
            List<Segment> in = Timelines.clip(h.segments(), from, to);
            down += Timelines.downSeconds(in);
            outages += Timelines.outages(in);
        }
        return outages == 0 ? sweepIntervalSeconds : Math.max(1, down / outages);
    }

    private static double significant(double v) {
        return v == 0 ? 0 : Double.parseDouble(String.format(Locale.ROOT, "%.2g", v));
    }

    private ObjectNode durability(List<History> peers, long now) {
        ObjectNode d = json.createObjectNode();
        d.put("model", MODEL);
        d.put("min_observed_days", minObservedSeconds / 86_400.0);
        // The example: one copy per region, on the region's least available node (the default placement, judged conservatively).
        Map<String, History> byName = new LinkedHashMap<>();
        Map<String, History> worstOfRegion = new TreeMap<>();
        long from = now - DAYS * 86_400L;
        for (History h : peers) {
            byName.put(h.name(), h);
            worstOfRegion.merge(h.region(), h, (a, b) -> upShare(a, from, now) <= upShare(b, from, now) ? a : b);
        }
        Set<String> placement = new LinkedHashSet<>();
        worstOfRegion.values().forEach(h -> placement.add(h.name()));
        d.set("one_copy_per_region", estimate(byName, placement, now));
        return d;
    }

    private static double upShare(History h, long from, long to) {
        List<Segment> in = Timelines.clip(h.segments(), from, to);
        long observed = Timelines.observedSeconds(in);
        return observed == 0 ? 1 : (observed - Timelines.downSeconds(in)) / (double) observed;
    }

    private ObjectNode uptime(List<History> peers, Instant generatedAt) {
        LocalDate today = generatedAt.atOffset(ZoneOffset.UTC).toLocalDate();
        long now = generatedAt.getEpochSecond();
        ObjectNode u = json.createObjectNode();
        u.put("first_day", today.minusDays(DAYS - 1).toString());
        u.put("last_day", today.toString());
        ArrayNode regions = u.putArray("regions");
        Map<String, List<History>> byRegion = new TreeMap<>();
        peers.forEach(h -> byRegion.computeIfAbsent(h.region(), r -> new ArrayList<>()).add(h));
        byRegion.forEach((region, members) -> regions.add(component("region-" + region, region.toUpperCase(Locale.ROOT),
                Timelines.allDown(members.stream().map(History::segments).toList(), false), today, now)));
        ArrayNode nodes = u.putArray("nodes");
        peers.stream().sorted(Comparator.comparing(History::name))
                .forEach(h -> nodes.add(component("peer-" + h.name(), h.name(), h.segments(), today, now).put("region", h.region())));
        return u;
    }

    private ObjectNode component(String id, String name, List<Segment> segments, LocalDate today, long now) {
        ObjectNode c = json.createObjectNode();
        c.put("id", id);
        c.put("name", name);
        c.set("last_30d", window(Measured.of(segments, now - 30 * 86_400L, now, minObservedSeconds)));
        c.set("last_90d", window(Measured.of(segments, now - DAYS * 86_400L, now, minObservedSeconds)));
        ArrayNode days = c.putArray("days");
        for (DayBar b : DayBar.of(segments, today, DAYS)) {
            ObjectNode d = days.addObject();
            d.put("date", b.date().toString());
            if (b.upFraction().isPresent()) {
                d.put("up_pct", Math.floor(b.upFraction().getAsDouble() * 10_000) / 100);
            } else {
                d.putNull("up_pct"); // no data: nothing observed that day, which is not 0 %
            }
            d.put("observed_seconds", b.observedSeconds());
            d.put("down_seconds", b.downSeconds());
        }
        return c;
    }

    private ObjectNode window(Measured m) {
        ObjectNode w = json.createObjectNode();
        switch (m) {
            case Measured.Availability a -> {
                w.put("state", "measured");
                // Floored, so 99.999 never rounds up to a 100 it was not.
                w.put("availability_pct", Math.floor(a.fraction() * 100_000) / 1_000);
                w.put("outages", a.outages());
                w.put("down_seconds", a.downSeconds());
            }
            case Measured.NotEnoughHistory n -> {
                w.put("state", "not_enough_history");
                w.put("needed_days", n.neededSeconds() / 86_400.0);
            }
        }
        w.put("observed_days", Math.round(m.observedSeconds() / 8_640.0) / 10.0);
        return w;
    }

    private static Map<String, String> componentNames(List<History> peers) {
        Map<String, String> names = new TreeMap<>();
        peers.forEach(h -> {
            names.put("peer-" + h.name(), h.name());
            names.put("region-" + h.region(), h.region().toUpperCase(Locale.ROOT));
        });
        return names;
    }

    private ObjectNode incident(Incident i, Map<String, String> names, boolean anyPeerDown, long now) {
        String start = Instant.ofEpochSecond(i.start()).toString();
        String end = i.end().isPresent() ? Instant.ofEpochSecond(i.end().getAsLong()).toString() : null;
        // Content below target with every node back: the repairs are running, the incident is watched.
        String status = !i.open() ? "resolved" : i.kind() == Incident.Kind.UNDER_REPLICATED && !anyPeerDown ? "monitoring" : "investigating";
        String name = switch (i.kind()) {
            case NODE_DOWN -> "Node " + i.subject() + " unreachable";
            case REGION_DOWN -> "Region " + i.subject().toUpperCase(Locale.ROOT) + " down";
            case UNDER_REPLICATED -> "Content below its replication target";
        };
        ObjectNode o = json.createObjectNode();
        o.put("id", i.id());
        o.put("name", name);
        o.put("status", status);
        o.put("impact", i.impact());
        o.put("created_at", start);
        o.put("started_at", start);
        o.put("updated_at", end != null ? end : Instant.ofEpochSecond(now).toString());
        if (status.equals("monitoring")) {
            o.put("monitoring_at", Instant.ofEpochSecond(now).toString());
        } else {
            o.putNull("monitoring_at");
        }
        if (end != null) {
            o.put("resolved_at", end);
            o.put("duration_seconds", i.end().getAsLong() - i.start());
        } else {
            o.putNull("resolved_at");
        }
        o.put("page_id", "grokme-pinning");
        ArrayNode components = o.putArray("components");
        i.components().forEach(c -> components.addObject().put("id", c).put("name", names.getOrDefault(c, c)));
        ArrayNode updates = o.putArray("incident_updates");
        if (end != null) {
            update(updates, i, "resolved", resolvedBody(i), end, names, "operational");
        }
        update(updates, i, "investigating", startBody(i), start, names, "major_outage");
        return o;
    }

    private static String startBody(Incident i) {
        return switch (i.kind()) {
            case NODE_DOWN -> i.subject() + " stopped answering the cluster's health checks. Its copies are unavailable; the other regions keep serving.";
            case REGION_DOWN -> "Every node in " + i.subject().toUpperCase(Locale.ROOT) + " stopped answering the cluster's health checks.";
            case UNDER_REPLICATED -> "More content than the alert threshold is below its replication target; the health sweep is repairing it.";
        };
    }

    private static String resolvedBody(Incident i) {
        long minutes = (i.end().getAsLong() - i.start() + 59) / 60;
        String took = minutes < 120 ? minutes + " min" : String.format(Locale.ROOT, "%.1f h", minutes / 60.0);
        return switch (i.kind()) {
            case NODE_DOWN -> i.subject() + " is answering again (down for " + took + ").";
            case REGION_DOWN -> i.subject().toUpperCase(Locale.ROOT) + " is back (down for " + took + ").";
            case UNDER_REPLICATED -> "Replication is back within the threshold (after " + took + ").";
        };
    }

    private static void update(ArrayNode updates, Incident i, String status, String body, String at, Map<String, String> names, String newStatus) {
        ObjectNode u = updates.addObject();
        u.put("id", i.id() + "-" + status);
        u.put("incident_id", i.id());
        u.put("status", status);
        u.put("body", body);
        u.put("created_at", at);
        u.put("updated_at", at);
        u.put("display_at", at);
        ArrayNode affected = u.putArray("affected_components");
        for (String c : i.components()) {
            affected.addObject().put("code", c).put("name", names.getOrDefault(c, c))
                    .put("old_status", newStatus.equals("operational") ? "major_outage" : "operational").put("new_status", newStatus);
        }
    }

    /** Whether a stored document exists and is one this class wrote. */
    public static Optional<JsonNode> parse(ObjectMapper json, String body) {
        try {
            JsonNode n = json.readTree(body);
            return n != null && n.has("incidents") ? Optional.of(n) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }
}
