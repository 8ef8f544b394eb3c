package me.grokme.pinning.status;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * The HTTP side of the status endpoints, free of Lambda types: routing, methods, CORS, caching with
 * ETag/304, gzip, error bodies.
 */
public final class StatusHttp {

    /** A request: method, raw path, raw query string ("" when none), lower-cased headers. */
    public record Request(String method, String path, String query, Map<String, String> headers) {
        public Request(String method, String path, Map<String, String> headers) {
            this(method, path, "", headers);
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        /** A query parameter's raw value (cursors and versions need no decoding), or empty. */
        Optional<String> parameter(String name) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).equals(name)) {
                    return Optional.of(pair.substring(eq + 1));
                }
            }
            return Optional.empty();
        }
    }

    /** A response; {@code body} may be gzip bytes (then {@code Content-Encoding} says so). */
    public record Response(int status, Map<String, String> headers, byte[] body) {
    }

    private static final byte[] SCHEMA_V1 = load("/schema/status-v1.json");

    private final StatusService service;
    private final StatusConfig config;

    public StatusHttp(StatusService service, StatusConfig config) {
        this.service = service;
        this.config = config;
    }

    private static byte[] load(String resource) {
        try (InputStream in = StatusHttp.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("missing resource " + resource, e);
        }
    }

    public Response handle(Request r) {
        Map<String, String> headers = new LinkedHashMap<>();
        String origin = r.header("origin");
        if (!origin.isEmpty() && (config.allowedOrigins().contains(origin) || config.allowedOrigins().contains("*"))) {
            headers.put("access-control-allow-origin", config.allowedOrigins().contains("*") ? "*" : origin);
            headers.put("access-control-allow-methods", "GET, HEAD, OPTIONS");
            headers.put("access-control-allow-headers", "If-None-Match");
            headers.put("access-control-expose-headers", "ETag");
            headers.put("access-control-max-age", "600");
        }
        headers.put("vary", "Origin, Accept-Encoding");
        if (r.method().equals("OPTIONS")) {
            return new Response(204, headers, new byte[0]);
        }
        if (!r.method().equals("GET") && !r.method().equals("HEAD")) {
            headers.put("allow", "GET, HEAD, OPTIONS");
            return error(headers, new StatusResult.Error(405, "METHOD_NOT_ALLOWED", "only GET, HEAD and OPTIONS"), r);
        }
        StatusResult result = route(r);
        return switch (result) {
            case StatusResult.Error e -> error(headers, e, r);
            case StatusResult.Document d -> {
                headers.putAll(d.headers());
                yield document(headers, d.json(), r);
            }
        };
    }

    private StatusResult route(Request r) {
        String path = r.path();
        if (path.equals("/status")) {
            return service.dashboard();
        }
        if (path.equals("/status/schema/v1.json")) {
            return new StatusResult.Document(SCHEMA_V1);
        }
        if (path.startsWith("/status/cids/") && path.indexOf('/', 13) < 0) {
            return service.cid(path.substring(13));
        }
        if (path.startsWith("/status/tokens/")) {
            // /status/tokens/{capsule}/{id}, or /status/tokens/{id} while one capsule is configured.
            String[] parts = path.substring(15).split("/", -1);
            if (parts.length > 2) {
                return new StatusResult.Error(404, "NOT_FOUND", "no such status resource");
            }
            // ?v=2 asks for schema v2 (every reference, paginated); v1 stays the default until its sunset (StatusDocuments).
            String v = r.parameter("v").orElse("1");
            if (!v.equals("1") && !v.equals("2")) {
                return new StatusResult.Error(400, "INVALID_VERSION", "v is 1 or 2");
            }
            Optional<String> capsule = parts.length == 2 ? Optional.of(parts[0]) : Optional.empty();
            return service.token(capsule, parts[parts.length - 1], Integer.parseInt(v), r.parameter("cursor"));
        }
        return new StatusResult.Error(404, "NOT_FOUND", "no such status resource");
    }

    /**
     * A document with its validator. The gzip and identity representations get different strong ETags
     * ({@code "<hash>-gzip"} and {@code "<hash>"}), as RFC 9110 §8.8.3.3 shows for content-negotiated
     * resources: a strong tag promises identical bytes, and a cache or client holding one encoding must
     * not have the other validated against it. (The alternative, one weak tag for both, would give up
     * strong validation for every client to save the rare 304 across encodings.) If-None-Match uses the weak
     * comparison (§13.1.2), so {@code W/"<hash>"} matches too.
     */
    private Response document(Map<String, String> headers, byte[] json, Request r) {
        boolean gzip = gzipped(json, r);
        String etag = "\"" + HexFormat.of().formatHex(sha256(json), 0, 16) + (gzip ? "-gzip" : "") + "\"";
        headers.put("content-type", "application/json; charset=utf-8");
        headers.put("cache-control", "public, max-age=" + config.cacheMaxAge().toSeconds());
        headers.put("etag", etag);
        for (String candidate : r.header("if-none-match").split(",")) {
            String c = candidate.strip();
            if (c.equals(etag) || c.equals("W/" + etag) || c.equals("*")) {
                return new Response(304, headers, new byte[0]);
            }
        }
        return body(headers, json, r);
    }

    private Response error(Map<String, String> headers, StatusResult.Error e, Request r) {
        headers.put("content-type", "application/json; charset=utf-8");
        headers.put("cache-control", e.status() == 404 ? "public, max-age=" + config.cacheMaxAge().toSeconds() : "no-store");
        if (e.status() == 503) {
            headers.put("retry-after", "60");
        }
        String body = "{\"error\":{\"reason\":\"" + e.reason() + "\",\"details\":\"" + e.details().replace("\"", "'") + "\"}}";
        Response res = body(headers, body.getBytes(StandardCharsets.UTF_8), r);
        return new Response(e.status(), res.headers(), res.body());
    }

    /** HEAD gets GET's header fields (Content-Encoding included) without the body. */
    private static Response body(Map<String, String> headers, byte[] json, Request r) {
        boolean gzip = gzipped(json, r);
        if (gzip) {
            headers.put("content-encoding", "gzip");
        }
        byte[] out = r.method().equals("HEAD") ? new byte[0] : gzip ? gzip(json) : json;
        return new Response(200, headers, out);
    }

    private static boolean gzipped(byte[] json, Request r) {
        return json.length > 512 && acceptsGzip(r.header("accept-encoding"));
    }

    static boolean acceptsGzip(String acceptEncoding) {
        for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
            String[] f = part.strip().split(";");
            if (f[0].strip().equals("gzip") || f[0].strip().equals("*")) {
                return !(f.length > 1 && f[1].replace(" ", "").equals("q=0"));
            }
        }
        return false;
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(data.length / 4 + 64);
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
