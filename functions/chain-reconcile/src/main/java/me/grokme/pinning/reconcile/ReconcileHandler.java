package me.grokme.pinning.reconcile;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.stream.Collectors;

/**
 * Lambda adapter for the reconciliation's schedule. A run that stopped early fails the invocation, so the
 * function's error alarm sees it and the event goes to the function's on-failure queue (ReconcileFailures; the
 * schedule's dead-letter queue only gets invocations the scheduler could not make); the checkpoint keeps what was done.
 */
public final class ReconcileHandler implements RequestHandler<ScheduledEvent, String> {

    private final ReconcileService service;

    public ReconcileHandler() {
        this(ReconcileApp.fromEnvironment(System.getenv()));
    }

    public ReconcileHandler(ReconcileService service) {
        this.service = service;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId() : event != null && event.getId() != null ? event.getId() : "local";
        ReconcileReport report = service.run(requestId);
        String summary = report.streams().stream()
                .map(s -> s.stream() + ": " + s.logs() + " logs, checkpoint " + s.checkpoint() + " of " + s.target()
                        + s.error().map(e -> " (stopped: " + e + ")").orElse(""))
                .collect(Collectors.joining("; "))
                + "; token ranges " + report.ranges().tokens() + " tokens in " + report.ranges().pages() + " pages, "
                + report.ranges().finished() + " of " + report.ranges().jobs() + " jobs done"
                + report.ranges().error().map(e -> " (stopped: " + e + ")").orElse("")
                + report.deepPinning().map(d -> "; deep pinning " + d.done() + " done, " + d.deferred() + " deferred, " + d.failed()
                        + " failed").orElse("");
        if (report.failed()) {
            throw new IllegalStateException("chain reconciliation stopped early: " + summary);
        }
        return summary;
    }
}
