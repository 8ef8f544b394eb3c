package me.grokme.pinning.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The dashboard summary of one sweep, as the one item the status endpoint reads. Pure: the recent rows come in as
 * arguments.
 */
final class SummaryBuilder {

    private final SweepConfig config;

    SummaryBuilder(SweepConfig config) {
        this.config = config;
    }

    /** The recent pin operations and failure events shown with the summary, as stored. */
    record Recent(List<Map<String, String>> operations, List<Map<String, String>> events) {
    }

    String build(SweepReport.Completed r, Instant started, Instant generatedAt, long[] pinnedHistogram, Map<String, PeerView> peers,
            Recent recent) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("generated_at", generatedAt.toString());
            sweep(g, r, started);
            totals(g, r);
            replication(g, pinnedHistogram);
            peers(g, peers);
            writeRows(g, "recent_operations", recent.operations(), Set.of("at", "cid", "kind", "result", "detail"));
            writeRows(g, "failure_events", recent.events(), Set.of("at", "kind", "subject", "detail"));
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private void sweep(JsonGenerator g, SweepReport.Completed r, Instant started) throws IOException {
        g.writeObjectFieldStart("sweep");
        g.writeStringField("started_at", started.toString());
        g.writeNumberField("duration_ms", r.duration().toMillis());
        g.writeBooleanField("complete", r.complete());
        g.writeNumberField("interval_seconds", config.interval().toSeconds());
        g.writeNumberField("health_writes", r.healthWrites());
        g.writeObjectFieldStart("repairs");
        for (RepairKind k : RepairKind.values()) {
            if (r.repairs().containsKey(k)) {
                g.writeNumberField(k.wire(), r.repairs().get(k));
            }
        }
        g.writeEndObject();
        // Public-safe reasons only: the status endpoint may show them.
        g.writeArrayFieldStart("failed_steps");
        for (SweepReport.StepFailure f : r.failedSteps()) {
            g.writeStartObject();
            g.writeStringField("step", f.step());
            g.writeStringField("reason", f.publicReason());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void totals(JsonGenerator g, SweepReport.Completed r) throws IOException {
        g.writeObjectFieldStart("totals");
        g.writeNumberField("cids", r.cidsChecked());
        for (HealthState s : HealthState.values()) {
            g.writeNumberField(s.name().toLowerCase(), r.states().getOrDefault(s, 0L));
        }
        g.writeEndObject();
        if (r.backlog().isPresent()) {
            // Ledger requests not safe yet: recorded, but not (yet) confirmed at full replication in the cluster.
            g.writeObjectFieldStart("ledger");
            g.writeNumberField("pending", r.backlog().get().pending());
            g.writeNumberField("deferred", r.backlog().get().deferred());
            g.writeNumberField("submitted", r.backlog().get().submitted());
            g.writeEndObject();
        }
    }

    private void replication(JsonGenerator g, long[] pinnedHistogram) throws IOException {
        long total = 0;
        long sum = 0;
        g.writeObjectFieldStart("replication_histogram");
        for (int i = 0; i < pinnedHistogram.length; i++) {
            g.writeNumberField(i == 7 ? "7+" : Integer.toString(i), pinnedHistogram[i]);
            total += pinnedHistogram[i];
            sum += (long) i * pinnedHistogram[i];
        }
        g.writeEndObject();
        g.writeNumberField("average_replication", total == 0 ? 0 : Math.round(sum * 100.0 / total) / 100.0);
        g.writeObjectFieldStart("replication_target");
        g.writeNumberField("min", config.defaultReplicationMin());
        g.writeNumberField("max", config.defaultReplicationMax());
        g.writeNumberField("min_regions", config.minRegions());
        g.writeEndObject();
    }

    private static void peers(JsonGenerator g, Map<String, PeerView> peers) throws IOException {
        g.writeArrayFieldStart("peers");
        Map<String, long[]> regions = new TreeMap<>();
        for (PeerView p : peers.values()) {
            g.writeStartObject();
            g.writeStringField("name", p.name());
            g.writeStringField("region", p.region());
            g.writeStringField("status", p.status().wire());
            g.writeStringField("last_seen", p.lastSeen().toString());
            g.writeNumberField("pins", p.pins());
            g.writeNumberField("free_bytes", p.freeBytes());
            g.writeEndObject();
            long[] agg = regions.computeIfAbsent(p.region(), k -> new long[4]);
            agg[0]++;
            agg[1] += p.status() == PeerStatus.UP ? 1 : 0;
            agg[2] += p.freeBytes();
            agg[3] += p.pins();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("regions");
        for (Map.Entry<String, long[]> e : regions.entrySet()) {
            g.writeStartObject();
            g.writeStringField("region", e.getKey());
            g.writeNumberField("peers", e.getValue()[0]);
            g.writeNumberField("peers_up", e.getValue()[1]);
            g.writeNumberField("free_bytes", e.getValue()[2]);
            g.writeNumberField("pins", e.getValue()[3]);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void writeRows(JsonGenerator g, String field, List<Map<String, String>> rows, Set<String> keep) throws IOException {
        g.writeArrayFieldStart(field);
        for (Map<String, String> row : rows) {
            g.writeStartObject();
            for (String k : new TreeMap<>(row).keySet()) {
                if (keep.contains(k)) {
                    g.writeStringField(k, row.get(k));
                }
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
