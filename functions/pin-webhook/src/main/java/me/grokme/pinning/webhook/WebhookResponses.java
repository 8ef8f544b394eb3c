package me.grokme.pinning.webhook;

import me.grokme.pinning.mint.LogResult;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.util.Map;
import java.util.TreeMap;

/** Maps a {@link WebhookResult} to the HTTP answer: status and a small JSON body, never internal details. */
final class WebhookResponses {

    private static final JsonFactory JSON = new JsonFactory();

    private WebhookResponses() {
    }

    static APIGatewayV2HTTPResponse toResponse(WebhookResult result) {
        return switch (result) {
            case WebhookResult.Processed p -> response(p.clusterDeferred() ? 202 : 200, processed(p));
            case WebhookResult.UnknownProvider u -> error(404, "unknown_provider", "no webhook provider named '"
                    + safe(u.provider()) + "' is enabled");
            case WebhookResult.Unauthorized u -> error(401, "unauthorized", u.reason());
            case WebhookResult.BadRequest b -> error(400, "bad_request", b.message());
            case WebhookResult.TooLarge t -> error(413, "payload_too_large", t.message());
            case WebhookResult.UnsupportedMediaType m -> error(415, "unsupported_media_type", m.message());
            case WebhookResult.Unavailable u -> APIGatewayV2HTTPResponse.builder().withStatusCode(503)
                    .withHeaders(Map.of("content-type", "application/json", "retry-after", "5"))
                    .withBody(errorBody("unavailable", u.message())).build();
        };
    }

    private static String safe(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) : s;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }

    private static APIGatewayV2HTTPResponse response(int status, String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build();
    }

    private static APIGatewayV2HTTPResponse error(int status, String code, String message) {
        return response(status, errorBody(code, message));
    }

    private static String errorBody(String code, String message) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    private static String processed(WebhookResult.Processed p) {
        StringWriter w = new StringWriter();
        Map<String, Integer> counts = new TreeMap<>();
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("provider", p.provider());
            g.writeBooleanField("cluster_deferred", p.clusterDeferred());
            g.writeArrayFieldStart("logs");
            for (LogResult r : p.logs()) {
                counts.merge(r.outcome().wire(), 1, Integer::sum);
                g.writeStartObject();
                g.writeStringField("tx_hash", r.txHash());
                g.writeNumberField("log_index", r.logIndex());
                g.writeStringField("outcome", r.outcome().wire());
                if (r.tokenId().isPresent()) {
                    g.writeStringField("token_id", r.tokenId().get());
                }
                if (r.cid().isPresent()) {
                    g.writeStringField("cid", r.cid().get());
                }
                if (r.reason().isPresent()) {
                    g.writeStringField("reason", r.reason().get());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("summary");
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                g.writeNumberField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }
}
