package me.grokme.pinning.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.stream.Collectors;

/** Lambda adapter for the EventBridge schedule: runs one sweep and returns a one-line outcome (throws when a step failed). */
public final class HealthSweepHandler implements RequestHandler<ScheduledEvent, String> {

    private final SweepService service;

    public HealthSweepHandler() {
        this(HealthSweepApp.fromEnvironment(System.getenv()));
    }

    public HealthSweepHandler(SweepService service) {
        this.service = service;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId() : event != null && event.getId() != null ? event.getId() : "local";
        return switch (service.run(requestId)) {
            case SweepReport.Skipped s -> "skipped: " + s.reason();
            case SweepReport.Completed c -> {
                String line = "swept " + c.cidsChecked() + " CIDs" + (c.complete() ? "" : " (stream incomplete)")
                        + ", " + c.healthWrites() + " changed, repairs " + c.repairs() + ", " + c.peersDown() + " peer(s) down";
                if (!c.failedSteps().isEmpty()) {
                    // Everything the other steps could do is written by now; failing the invocation keeps the
                    // function's error alarm meaningful.
                    throw new IllegalStateException(line + "; failed steps: " + c.failedSteps().stream()
                            .map(f -> f.step() + " (" + f.reason() + ")").collect(Collectors.joining(", ")));
                }
                yield line;
            }
        };
    }
}
