package me.grokme.pinning.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

/** Lambda adapter for the EventBridge schedule: runs one sweep and returns a one-line outcome. */
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
            case SweepReport.Completed c -> "swept " + c.cidsChecked() + " CIDs" + (c.complete() ? "" : " (stream incomplete)")
                    + ", " + c.healthWrites() + " changed, repairs " + c.repairs() + ", " + c.peersDown() + " peer(s) down";
        };
    }
}
