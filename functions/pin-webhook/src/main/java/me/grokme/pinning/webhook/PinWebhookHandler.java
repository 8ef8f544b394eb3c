package me.grokme.pinning.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Lambda adapter for {@code POST /webhooks/{provider}} (API Gateway HTTP API, payload 2.0): turns the event
 * into a {@link WebhookRequest}, calls {@link PinWebhookService}, maps the result to a response.
 */
public final class PinWebhookHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final PinWebhookService service;

    /** Used by the Lambda runtime: configuration from the environment, read once per container. */
    public PinWebhookHandler() {
        this(PinWebhookApp.fromEnvironment(System.getenv()));
    }

    public PinWebhookHandler(PinWebhookService service) {
        this.service = service;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String requestId = context != null ? context.getAwsRequestId()
                : event.getRequestContext() != null ? event.getRequestContext().getRequestId() : "unknown";
        Optional<Duration> timeLeft = context != null ? Optional.of(Duration.ofMillis(context.getRemainingTimeInMillis()))
                : Optional.empty();
        return WebhookResponses.toResponse(handle(event, requestId, timeLeft));
    }

    /** The same path without a Lambda context (local gateway, tests). */
    public WebhookResult handle(APIGatewayV2HTTPEvent event, String requestId) {
        return handle(event, requestId, Optional.empty());
    }

    private WebhookResult handle(APIGatewayV2HTTPEvent event, String requestId, Optional<Duration> timeLeft) {
        String provider = event.getPathParameters() == null ? "" : event.getPathParameters().getOrDefault("provider", "");
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        byte[] body;
        String raw = event.getBody() == null ? "" : event.getBody();
        if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(raw);
            } catch (IllegalArgumentException e) {
                return new WebhookResult.BadRequest("body is flagged base64 but is not valid base64");
            }
        } else {
            body = raw.getBytes(StandardCharsets.UTF_8);
        }
        return service.handle(new WebhookRequest(provider, headers, body, requestId, timeLeft));
    }
}
