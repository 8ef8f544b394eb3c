package me.grokme.pinning.drain;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Lambda adapter for the one-minute schedule: one drain, a one-line outcome. An operator forces a drain of every
 * pending pin, due or not, with {@code {"detail":{"force":true}}} as the payload ({@code aws lambda invoke}), and
 * retries dead-lettered pins with {@code {"detail":{"requeue":["<cid>", …]}}} (requeued, then a forced drain).
 */
public final class PinDrainHandler implements RequestHandler<ScheduledEvent, String> {

    /** Kept back from the invocation's remaining time for the last pins to finish and the metrics to be written. */
    static final Duration FINISH_RESERVE = Duration.ofSeconds(5);

    private final PinDrain drain;
    private final Duration timeBudget;

    public PinDrainHandler() {
        this(PinDrainApp.fromEnvironment(System.getenv()));
    }

    private PinDrainHandler(PinDrainApp.Wired wired) {
        this(wired.drain(), wired.timeBudget());
    }

    public PinDrainHandler(PinDrain drain, Duration timeBudget) {
        this.drain = drain;
        this.timeBudget = timeBudget;
    }

    @Override
    public String handleRequest(ScheduledEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId() : event != null && event.getId() != null ? event.getId() : "local";
        Duration budget = timeBudget;
        if (context != null) {
            Duration left = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(FINISH_RESERVE);
            budget = left.compareTo(budget) < 0 ? left : budget;
        }
        List<String> requeue = requeue(event);
        String requeued = requeue.isEmpty() ? "" : "requeued " + drain.requeue(requeue, requestId) + "; ";
        return requeued + describe(drain.run(requestId, forced(event) || !requeue.isEmpty() ? PinDrain.Mode.FORCE : PinDrain.Mode.DUE, budget));
    }

    static List<String> requeue(ScheduledEvent event) {
        Map<String, Object> detail = event == null ? null : event.getDetail();
        if (detail == null || !(detail.get("requeue") instanceof List<?> cids)) {
            return List.of();
        }
        return cids.stream().map(String::valueOf).toList();
    }

    static boolean forced(ScheduledEvent event) {
        Map<String, Object> detail = event == null ? null : event.getDetail();
        return detail != null && Boolean.TRUE.equals(detail.get("force"));
    }

    static String describe(DrainReport report) {
        return switch (report) {
            case DrainReport.ClusterDown down -> "cluster not reachable (" + down.reason() + "): nothing drained";
            case DrainReport.Drained d -> "drained " + d.outcomes() + (d.outOfTime() ? ", time budget spent" : "")
                    + (d.clusterLost() ? ", the cluster stopped answering" : "");
        };
    }
}
