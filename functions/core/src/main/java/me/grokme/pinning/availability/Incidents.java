package me.grokme.pinning.availability;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/** Incidents derived from the recorded histories: every down segment is one, open while it is the latest state. */
public final class Incidents {

    private Incidents() {
    }

    /**
     * Incidents open now or ended since {@code since}, open ones first, then newest first, at most {@code limit}.
     *
     * @param replication the pinset's history: down while more than the threshold was under-replicated
     */
    public static List<Incident> derive(List<History> peers, History replication, long since, int limit) {
        List<Incident> all = new ArrayList<>();
        Map<String, List<History>> regions = new TreeMap<>();
        peers.forEach(h -> regions.computeIfAbsent(h.region(), r -> new ArrayList<>()).add(h));
        Map<String, List<Segment>> regionDown = new TreeMap<>();
        regions.forEach((region, members) -> {
            List<String> components = new ArrayList<>(List.of("region-" + region));
            members.forEach(h -> components.add("peer-" + h.name()));
            List<Segment> timeline = Timelines.allDown(members.stream().map(History::segments).toList(), false);
            regionDown.put(region, timeline.stream().filter(s -> !s.up()).toList());
            addDown(all, Incident.Kind.REGION_DOWN, region, "major", components, timeline, since);
        });
        for (History h : peers) {
            // A node's outage inside its region's outage is that incident already (a region of one node: always).
            List<Segment> own = h.segments().stream().filter(s -> s.up() || regionDown.get(h.region()).stream()
                    .noneMatch(r -> r.from() <= s.from() && s.to() <= r.to())).toList();
            addDown(all, Incident.Kind.NODE_DOWN, h.name(), "minor", List.of("peer-" + h.name()), own, since);
        }
        // Content below target only while a node was down is that outage's consequence, not an incident of its own;
        // when it outlasts the outage (repairs still running) or has no outage to explain it, it is one.
        List<Segment> outages = new ArrayList<>();
        peers.forEach(h -> h.segments().stream().filter(s -> !s.up()).forEach(outages::add));
        List<Segment> unexplained = replication.segments().stream().filter(s -> s.up() || outages.stream()
                .noneMatch(o -> o.from() <= s.from() && s.to() <= o.to())).toList();
        addDown(all, Incident.Kind.UNDER_REPLICATED, "content", "major", List.of(), unexplained, since);
        all.sort(Comparator.comparing(Incident::open).reversed().thenComparing(Comparator.comparingLong(Incident::start).reversed())
                .thenComparing(Incident::id));
        return all.size() <= limit ? all : all.subList(0, limit);
    }

    private static void addDown(List<Incident> out, Incident.Kind kind, String subject, String impact, List<String> components,
            List<Segment> segments, long since) {
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            if (s.up()) {
                continue;
            }
            // Resolved once anything was observed after it; the latest segment down is still going on.
            OptionalLong end = i + 1 < segments.size() ? OptionalLong.of(s.to()) : OptionalLong.empty();
            if (end.isEmpty() || end.getAsLong() >= since) {
                String id = kind.name().toLowerCase() + "-" + subject + "-" + s.from();
                out.add(new Incident(id, kind, subject, impact, components, s.from(), end));
            }
        }
    }
}
