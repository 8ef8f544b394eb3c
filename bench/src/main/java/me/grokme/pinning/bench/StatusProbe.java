package me.grokme.pinning.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.lang.management.ManagementFactory;
import java.util.Map;
import me.grokme.pinning.status.StatusHandler;

/** Fresh-JVM probe on the status function's jar: production constructor, then one GET /status. */
public final class StatusProbe {

    private StatusProbe() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        StatusHandler handler = new StatusHandler();
        long t1 = System.nanoTime();
        APIGatewayV2HTTPResponse r = handler.handleRequest(APIGatewayV2HTTPEvent.builder().withRawPath("/status")
                .withHeaders(Map.of("accept-encoding", "gzip")).withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod("GET").build()).build()).build(), null);
        long t2 = System.nanoTime();
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("coldstart " + sinceStart + " " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000 + " " + r.getStatusCode());
    }
}
