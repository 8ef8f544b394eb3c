package me.grokme.pinning.verify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A loopback gateway for tests. Either it answers from a function of the request, or it forwards to a real gateway
 * (kubo's) and may flip one byte of what it got back: a gateway that serves wrong bytes.
 */
public final class FakeGateway implements AutoCloseable {

    /** One answer. */
    public record Answer(int status, byte[] body) {
    }

    /** What a request asked: path with query, and its headers (lower-case names, first value). */
    public record Asked(String pathAndQuery, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Asked> asked = new CopyOnWriteArrayList<>();
    private volatile java.util.function.Predicate<String> flip = q -> false;

    private FakeGateway(Function<Asked, Answer> answers) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            Map<String, String> headers = new java.util.HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v.get(0)));
            Asked a = new Asked(ex.getRequestURI().toString(), headers);
            asked.add(a);
            Answer answer = answers.apply(a);
            byte[] body = answer.body().clone();
            if (flip.test(a.pathAndQuery()) && answer.status() == 200 && body.length > 0) {
                body[body.length - 1] ^= 0x01;
            }
            ex.sendResponseHeaders(answer.status(), body.length == 0 ? -1 : body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public static FakeGateway answering(Function<Asked, Answer> answers) throws IOException {
        return new FakeGateway(answers);
    }

    /** Forwards every request, with its Accept and Cache-Control headers, to {@code upstream}. */
    public static FakeGateway forwardingTo(URI upstream) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        return new FakeGateway(a -> {
            HttpRequest.Builder r = HttpRequest.newBuilder(upstream.resolve(a.pathAndQuery()));
            for (String h : List.of("accept", "cache-control")) {
                if (a.headers().containsKey(h)) {
                    r.header(h, a.headers().get(h));
                }
            }
            try {
                HttpResponse<InputStream> resp = http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = resp.body()) {
                    return new Answer(resp.statusCode(), in.readAllBytes());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    /** From now on, flip the last byte of every 200 body. */
    public FakeGateway flipping(boolean on) {
        flip = q -> on;
        return this;
    }

    /** From now on, flip the last byte of every 200 body whose path and query match. */
    public FakeGateway flippingWhen(java.util.function.Predicate<String> pathAndQuery) {
        flip = pathAndQuery;
        return this;
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Asked> asked() {
        return List.copyOf(asked);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
