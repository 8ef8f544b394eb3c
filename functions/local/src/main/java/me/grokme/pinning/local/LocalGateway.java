package me.grokme.pinning.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local stand-in for API Gateway's HTTP API (payload format 2.0): turns HTTP requests on 127.0.0.1 into
 * {@link APIGatewayV2HTTPEvent}s for the registered routes and writes back their
 * {@link APIGatewayV2HTTPResponse}s, so the functions run locally exactly as they are invoked in AWS.
 */
public final class LocalGateway implements AutoCloseable {

    /** API Gateway's payload limit for HTTP APIs. */
    public static final int MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    /** Media types an HTTP API passes to the function as text; {@code text/*} too (see {@link #passedAsText}). */
    private static final List<String> TEXT_TYPES = List.of("application/json", "application/xml", "application/javascript");

    /** A route: method ({@code ANY} matches all), path template with {@code {name}} and greedy {@code {name+}} parameters. */
    public record Route(String method, String pathTemplate, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        String routeKey() {
            return method + " " + pathTemplate;
        }

        Optional<Map<String, String>> match(String requestMethod, String path) {
            if (!method.equals("ANY") && !method.equals(requestMethod)) {
                return Optional.empty();
            }
            String[] t = pathTemplate.substring(1).split("/", -1);
            String[] p = path.substring(1).split("/", -1);
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < t.length; i++) {
                if (t[i].startsWith("{") && t[i].endsWith("+}")) {
                    if (i >= p.length) {
                        return Optional.empty();
                    }
                    params.put(t[i].substring(1, t[i].length() - 2), String.join("/", List.of(p).subList(i, p.length)));
                    return Optional.of(params);
                }
                if (i >= p.length) {
                    return Optional.empty();
                }
                if (t[i].startsWith("{") && t[i].endsWith("}")) {
                    if (p[i].isEmpty()) {
                        return Optional.empty();
                    }
                    params.put(t[i].substring(1, t[i].length() - 1), URLDecoder.decode(p[i].replace("+", "%2B"), StandardCharsets.UTF_8));
                } else if (!t[i].equals(p[i])) {
                    return Optional.empty();
                }
            }
            return t.length == p.length ? Optional.of(params) : Optional.empty();
        }
    }

    private final HttpServer server;
    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public LocalGateway(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Adds a route; routes are matched in registration order. */
    public void route(String method, String pathTemplate, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler) {
        routes.add(new Route(method, pathTemplate, handler));
    }

    public List<String> routeKeys() {
        return routes.stream().map(Route::routeKey).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String method = ex.getRequestMethod();
            for (Route r : routes) {
                Optional<Map<String, String>> params = r.match(method, path);
                if (params.isPresent()) {
                    byte[] body = readBody(ex.getRequestBody());
                    if (body == null) {
                        write(ex, 413, Map.of("content-type", "application/json"), "{\"message\":\"Request Entity Too Large\"}".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    APIGatewayV2HTTPResponse response;
                    try {
                        response = r.handler().apply(toEvent(ex, r, params.get(), body));
                    } catch (RuntimeException e) {
                        // What API Gateway answers when the integration fails.
                        write(ex, 500, Map.of("content-type", "application/json"), "{\"message\":\"Internal Server Error\"}".getBytes(StandardCharsets.UTF_8));
                        return;
                    }
                    writeResponse(ex, response);
                    return;
                }
            }
            write(ex, 404, Map.of("content-type", "application/json"), "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_PAYLOAD_BYTES + 1);
        return body.length > MAX_PAYLOAD_BYTES ? null : body;
    }

    static APIGatewayV2HTTPEvent toEvent(HttpExchange ex, Route route, Map<String, String> pathParams, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        ex.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String v : values) {
                    for (String c : v.split(";")) {
                        if (!c.isBlank()) {
                            cookies.add(c.strip());
                        }
                    }
                }
            } else {
                headers.put(lower, String.join(",", values));
            }
        });
        String rawQuery = Optional.ofNullable(ex.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.merge(k, v, (a, b) -> a + "," + b); // API Gateway joins repeated parameters with commas
        }
        boolean text = body.length == 0 || passedAsText(headers);
        Instant now = Instant.now();
        String requestId = UUID.randomUUID().toString();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(route.routeKey())
                .withRawPath(ex.getRequestURI().getRawPath())
                .withRawQueryString(rawQuery)
                .withCookies(cookies.isEmpty() ? null : cookies)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(pathParams.isEmpty() ? null : pathParams)
                .withBody(body.length == 0 ? null : text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body))
                .withIsBase64Encoded(!text)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withDomainPrefix("local")
                        .withRequestId(requestId)
                        .withRouteKey(route.routeKey())
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(ex.getRequestMethod())
                                .withPath(ex.getRequestURI().getRawPath())
                                .withProtocol(ex.getProtocol())
                                .withSourceIp(ex.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.getOrDefault("user-agent", ""))
                                .build())
                        .build())
                .build();
    }

    /**
     * Whether API Gateway's HTTP API (payload 2.0) hands the body to the function as a UTF-8 string rather than
     * base64 with {@code isBase64Encoded}. AWS documents the rule only as "if the content type of the request is
     * binary, the body is base64-encoded" (the payload 2.0 / function URL event reference) and "infers the need
     * for encoding based on the content-type header" (AWS Compute Blog, "Handling binary data using Amazon API
     * Gateway HTTP APIs"); checked against live AWS (ministack PR #766), only {@code text/*},
     * {@code application/json}, {@code application/xml} and {@code application/javascript} arrive as text —
     * form-urlencoded and a missing Content-Type arrive base64. A body under a content coding (QuickNode's
     * {@code Content-Encoding: gzip}) is compressed bytes whatever its media type, and an HTTP API does not
     * decompress requests, so it can only arrive base64: decoding it as text would destroy it.
     */
    static boolean passedAsText(Map<String, String> lowerCaseHeaders) {
        String coding = lowerCaseHeaders.getOrDefault("content-encoding", "").strip().toLowerCase(Locale.ROOT);
        if (!coding.isEmpty() && !coding.equals("identity")) {
            return false;
        }
        String type = lowerCaseHeaders.getOrDefault("content-type", "").split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || TEXT_TYPES.contains(type);
    }

    private static void writeResponse(HttpExchange ex, APIGatewayV2HTTPResponse r) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.getHeaders() != null) {
            headers.putAll(r.getHeaders());
        }
        if (r.getMultiValueHeaders() != null) {
            r.getMultiValueHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        }
        if (r.getCookies() != null) {
            for (String c : r.getCookies()) {
                ex.getResponseHeaders().add("Set-Cookie", c);
            }
        }
        byte[] body = r.getBody() == null ? new byte[0]
                : r.getIsBase64Encoded() ? Base64.getDecoder().decode(r.getBody()) : r.getBody().getBytes(StandardCharsets.UTF_8);
        write(ex, r.getStatusCode() == 0 ? 200 : r.getStatusCode(), headers, body);
    }

    private static void write(HttpExchange ex, int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean noBody = status == 204 || status == 304 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, noBody ? -1 : body.length == 0 ? -1 : body.length);
        if (!noBody && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
