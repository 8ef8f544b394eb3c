package me.grokme.pinning.sweep;

import java.util.LinkedHashMap;
import java.util.Map;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;

/** What one sweep tells operators: one EMF metrics line and one log line. */
final class SweepTelemetry {

    private final Emf emf;
    private final JsonLog log;

    SweepTelemetry(Emf emf, JsonLog log) {
        this.emf = emf;
        this.log = log;
    }

    void report(String requestId, SweepReport.Completed r) {
        emit(r);
        Map<String, Object> fields = Map.of("request_id", requestId, "cids", r.cidsChecked(), "complete", r.complete(),
                "health_writes", r.healthWrites(), "repairs", r.repairCount(), "peers_down", r.peersDown(), "duration_ms", r.duration().toMillis(),
                "failed_steps", r.failedSteps().stream().map(SweepReport.StepFailure::step).toList());
        if (r.failedSteps().isEmpty()) {
            log.info("sweep done", fields);
        } else {
            log.error("sweep done with failed steps", fields);
        }
    }

    private void emit(SweepReport.Completed r) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        values.put("cids_checked", Emf.Value.count(r.cidsChecked()));
        values.put("under_replicated", Emf.Value.count(r.states().getOrDefault(HealthState.UNDER_REPLICATED, 0L)));
        values.put("region_poor", Emf.Value.count(r.states().getOrDefault(HealthState.REGION_POOR, 0L)));
        values.put("errored", Emf.Value.count(r.states().getOrDefault(HealthState.ERRORED, 0L)));
        values.put("repaired", Emf.Value.count(r.repairCount()));
        values.put("peers_down", Emf.Value.count(r.peersDown()));
        values.put("health_writes", Emf.Value.count(r.healthWrites()));
        values.put("vanished", Emf.Value.count(r.vanished()));
        values.put("stream_incomplete", Emf.Value.count(r.complete() ? 0 : 1));
        values.put("failed_steps", Emf.Value.count(r.failedSteps().size()));
        r.backlog().ifPresent(b -> {
            values.put("pins_pending", Emf.Value.count(b.pending()));
            values.put("pins_deferred", Emf.Value.count(b.deferred()));
            values.put("pins_submitted", Emf.Value.count(b.submitted()));
            values.put("pins_failed", Emf.Value.count(b.failed()));
        });
        values.put("duration", Emf.Value.millis(r.duration().toMillis()));
        emf.emit(Map.of("Function", "health-sweep"), values);
    }
}
