package me.grokme.pinning.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.logging.JsonLog;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one sweep's steps so that a step which throws is recorded, with its reason, and the steps after it
 * still run: a failed repair must not cost the dashboard its summary or the peers their health.
 */
final class SweepSteps {

    private final String requestId;
    private final JsonLog log;
    private final List<SweepReport.StepFailure> failures = new ArrayList<>();

    SweepSteps(String requestId, JsonLog log) {
        this.requestId = requestId;
        this.log = log;
    }

    /** Runs {@code body}; returns false when it threw (the failure is recorded). */
    boolean run(String step, Runnable body) {
        try {
            body.run();
            return true;
        } catch (RuntimeException e) {
            fail(step, e);
            return false;
        }
    }

    /** Runs {@code body} for its value; empty when it threw (the failure is recorded). */
    <T> Optional<T> call(String step, Supplier<T> body) {
        try {
            return Optional.of(body.get());
        } catch (RuntimeException e) {
            fail(step, e);
            return Optional.empty();
        }
    }

    List<SweepReport.StepFailure> failures() {
        return List.copyOf(failures);
    }

    private void fail(String step, RuntimeException e) {
        SweepReport.StepFailure f = new SweepReport.StepFailure(step, reason(e), publicReason(e));
        failures.add(f);
        log.error("sweep step failed; the other steps still run", Map.of("request_id", requestId, "step", step, "error", f.reason()));
    }

    /** For logs and the report: the exception and what it wraps (cluster messages never hold credentials). */
    static String reason(RuntimeException e) {
        String own = e instanceof ClusterException c ? c.summary() : e.getClass().getSimpleName() + ": " + e.getMessage();
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null ? own : own + " (" + cause.getMessage() + ")";
    }

    /** For the public failure event: what kind of failure, never the cluster's or the store's own text. */
    static String publicReason(RuntimeException e) {
        if (e instanceof ClusterException) {
            return "the cluster did not answer as expected";
        }
        if (e instanceof LedgerUnavailableException || e instanceof SdkException) {
            return "the ledger could not be read or written";
        }
        return "internal error";
    }
}
