package me.grokme.pinning.sweep;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.Collectors;
import me.grokme.pinning.lifecycle.InvocationDeadline;

/** Lambda adapter for the EventBridge schedule: runs one sweep and returns a one-line outcome (throws when a step failed). */
public final class HealthSweepHandler implements RequestHandler<ScheduledEvent, String> {

    /** Time kept back from the cluster's streams to write the summary, events and peer health after a cut one. */
    static final Duration FINISH_RESERVE = Duration.ofSeconds(20);

    private final SweepService service;
    private final InvocationDeadline deadline;

    public HealthSweepHandler() {
        this(new InvocationDeadline(Clock.systemUTC()));
    }

    private HealthSweepHandler(InvocationDeadline deadline) {
        this(HealthSweepApp.fromEnvironment(System.getenv(), deadline), deadline);
    }

    public HealthSweepHandler(SweepService service) {
        this(service, new InvocationDeadline(Clock.systemUTC()));
    }

    /** @param deadline set from the Lambda context for each invocation; the service's cluster client reads it */
    public HealthSweepHandler(SweepService service, InvocationDeadline deadline) {
        this.service = service;
        this.deadline = deadline;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId() : event != null && event.getId() != null ? event.getId() : "local";
        if (context != null) {
            deadline.begin(context.getRemainingTimeInMillis(), FINISH_RESERVE);
        }
        try {
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
        } finally {
            deadline.end();
        }
    }
}
