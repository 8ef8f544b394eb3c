package me.grokme.pinning.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import me.grokme.pinning.webhook.PinWebhookHandler;

/**
 * Runs in a fresh JVM on the function's shaded jar: the production constructor (configuration from the
 * environment, SDK DynamoDB client pointed at DynamoDB Local) and one delivery. Prints
 * {@code coldstart <ms since JVM start> <ms in handler construction> <ms in first request> <status>}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        APIGatewayV2HTTPEvent event = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(Path.of(args[0]).toFile(), APIGatewayV2HTTPEvent.class);
        long t0 = System.nanoTime();
        PinWebhookHandler handler = new PinWebhookHandler();
        long t1 = System.nanoTime();
        APIGatewayV2HTTPResponse r = handler.handleRequest(event, null);
        long t2 = System.nanoTime();
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.println("coldstart " + sinceStart + " " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000 + " " + r.getStatusCode());
    }
}
