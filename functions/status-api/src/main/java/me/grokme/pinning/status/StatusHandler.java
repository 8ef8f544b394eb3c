package me.grokme.pinning.status;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Lambda adapter for {@code GET /status}, {@code /status/cids/{cid}}, {@code /status/tokens/{tokenId}} and
 * {@code /status/schema/v1.json} (API Gateway HTTP API, payload 2.0).
 */
public final class StatusHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final StatusHttp http;

    public StatusHandler() {
        this(StatusApp.fromEnvironment(System.getenv()));
    }

    public StatusHandler(StatusHttp http) {
        this.http = http;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        StatusHttp.Response r = http.handle(new StatusHttp.Request(method, event.getRawPath() == null ? "/status" : event.getRawPath(),
                event.getRawQueryString() == null ? "" : event.getRawQueryString(), headers));
        boolean binary = "gzip".equals(r.headers().get("content-encoding"));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(r.status()).withHeaders(r.headers())
                .withBody(binary ? Base64.getEncoder().encodeToString(r.body()) : new String(r.body(), StandardCharsets.UTF_8))
                .withIsBase64Encoded(binary).build();
    }
}
