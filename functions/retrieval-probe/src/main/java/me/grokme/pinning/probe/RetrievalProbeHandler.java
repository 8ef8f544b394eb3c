package me.grokme.pinning.probe;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Clock;
import java.time.Duration;
import me.grokme.pinning.lifecycle.InvocationDeadline;

/** Lambda adapter for the EventBridge schedule: runs one probe round and returns a one-line outcome. */
public final class RetrievalProbeHandler implements RequestHandler<ScheduledEvent, String> {

    static final Duration FINISH_RESERVE = Duration.ofSeconds(20);

    private final ProbeService service;
    private final InvocationDeadline deadline;

    public RetrievalProbeHandler() {
        this(new InvocationDeadline(Clock.systemUTC()));
    }

    private RetrievalProbeHandler(InvocationDeadline deadline) {
        this(RetrievalProbeApp.fromEnvironment(System.getenv(), deadline), deadline);
    }

    public RetrievalProbeHandler(ProbeService service, InvocationDeadline deadline) {
        this.service = service;
        this.deadline = deadline;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        if (context != null) {
            deadline.begin(context.getRemainingTimeInMillis(), FINISH_RESERVE);
        }
        try {
            ProbeReport r = service.run();
            return "probed " + r.probed() + " of " + r.planned() + " planned CIDs (" + r.pinned() + " pinned): " + r.verified()
                    + " verified everywhere, failures per region " + r.failedRegions() + ", repairs " + r.repairs()
                    + (r.timedOut() ? " (time budget reached)" : "");
        } finally {
            deadline.end();
        }
    }
}
