package me.grokme.pinning.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import me.grokme.pinning.testing.Await;

/**
 * One page in headless Chromium, driven over the DevTools protocol (the JDK's WebSocket client): the viewport is
 * emulated (a phone's width) and expressions are evaluated in the page, so layout can be measured, which
 * {@code --dump-dom} cannot do.
 */
final class DevToolsPage implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Process chromium;
    private final WebSocket socket;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> replies;

    private DevToolsPage(Process chromium, WebSocket socket, Map<Integer, CompletableFuture<JsonNode>> replies) {
        this.chromium = chromium;
        this.socket = socket;
        this.replies = replies;
    }

    /** Opens {@code url} in a viewport {@code width} x {@code height} CSS pixels wide, as a mobile device. */
    static DevToolsPage open(Path chromiumBinary, String url, int width, int height) throws Exception {
        Path profile = Files.createTempDirectory("chromium-devtools");
        Process p = new ProcessBuilder(List.of(chromiumBinary.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "about:blank"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            Path portFile = profile.resolve("DevToolsActivePort");
            Await.until(Duration.ofSeconds(30), Duration.ofMillis(50), () -> "chromium opens its DevTools port", () -> {
                if (!p.isAlive()) {
                    throw new IOException("chromium exited before opening its DevTools port");
                }
                return Files.exists(portFile) && !Files.readAllLines(portFile).isEmpty();
            });
            String port = Files.readAllLines(portFile).get(0).strip();
            HttpClient http = HttpClient.newHttpClient();
            JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/json/list")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String ws = null;
            for (JsonNode t : targets) {
                if (t.path("type").asText().equals("page")) {
                    ws = t.path("webSocketDebuggerUrl").asText();
                }
            }
            if (ws == null) {
                throw new IOException("no page target: " + targets);
            }
            Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
            WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), listener(replies)).get(10, TimeUnit.SECONDS);
            return new DevToolsPage(p, socket, replies).start(url, width, height);
        } catch (Exception e) {
            p.destroyForcibly();
            throw e;
        }
    }

    /** Completes the pending call each reply answers; events (no id) are ignored. */
    private static WebSocket.Listener listener(Map<Integer, CompletableFuture<JsonNode>> replies) {
        StringBuilder partial = new StringBuilder();
        return new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        JsonNode msg = JSON.readTree(partial.toString());
                        if (msg.has("id")) {
                            CompletableFuture<JsonNode> f = replies.remove(msg.get("id").asInt());
                            if (f != null) {
                                f.complete(msg);
                            }
                        }
                    } catch (IOException e) {
                        // not JSON: ignore
                    }
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    private DevToolsPage start(String url, int width, int height) throws Exception {
        call("Emulation.setDeviceMetricsOverride", Map.of("width", width, "height", height, "deviceScaleFactor", 3, "mobile", true));
        call("Page.navigate", Map.of("url", url));
        return this;
    }

    JsonNode call(String method, Map<String, Object> params) throws Exception {
        int id = ids.incrementAndGet();
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        replies.put(id, reply);
        ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
        msg.set("params", JSON.valueToTree(params));
        socket.sendText(JSON.writeValueAsString(msg), true).get(10, TimeUnit.SECONDS);
        JsonNode r = reply.get(30, TimeUnit.SECONDS);
        if (r.has("error")) {
            throw new IOException(method + ": " + r.get("error"));
        }
        return r.path("result");
    }

    /** The value of a JavaScript expression evaluated in the page (JSON-serialisable). */
    JsonNode eval(String expression) throws Exception {
        return call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true)).path("result").path("value");
    }

    /** Waits (bounded) until {@code expression} is true in the page. */
    void await(String expression) throws Exception {
        Await.until(Duration.ofSeconds(30), Duration.ofMillis(100), () -> expression, () -> eval(expression).asBoolean(false));
    }

    @Override
    public void close() {
        socket.abort();
        chromium.destroy();
        try {
            if (!chromium.waitFor(10, TimeUnit.SECONDS)) {
                chromium.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            chromium.destroyForcibly();
        }
    }
}
