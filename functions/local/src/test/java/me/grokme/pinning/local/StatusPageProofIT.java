package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.ledger.RetrievalRecordCodec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The proof on the page, through the local runner on simulated time: a node down for 25 minutes and back is one
 * resolved incident with its start and end on /status and on the page, that node's bar for the day shows the
 * downtime, the token lookup says which regions verified its content and when, durability says "not enough history"
 * (minutes of history, not 7 days). Headless Chromium at desktop width and at 390 px (no horizontal overflow), with
 * screenshots in functions/local/target/.
 */
class StatusPageProofIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final String CID = "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ManualClock CLOCK = new ManualClock(Instant.parse("2026-11-24T09:00:00Z"));
    private static LocalSystem system;
    private static Instant lastSeenUp;
    private static Instant backUp;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium not installed (bin/test installs Debian's chromium): skipping page tests");
        system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofMillis(50), Duration.ZERO, Map.of())
                .with(CLOCK, new PrintStream(new ByteArrayOutputStream())));
        JsonNode event = JSON.readTree(Path.of("../../events/webhook-alchemy.json").toFile());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                .POST(HttpRequest.BodyPublishers.ofString(event.get("body").asText()));
        event.get("headers").fields().forEachRemaining(h -> post.header(h.getKey(), h.getValue().asText()));
        assertEquals(200, HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        sweeps(2);
        lastSeenUp = CLOCK.instant();
        system.simulator().peerDown("us-1");
        sweeps(4);
        system.simulator().peerUp("us-1");
        sweeps(1);
        backUp = CLOCK.instant();
        sweeps(2);
        Map<String, RetrievalRecord.RegionCheck> regions = Map.of(
                "eu", new RetrievalRecord.RegionCheck(backUp, RetrievalRecord.Result.VERIFIED, "", Optional.of(backUp), 0, true),
                "us", new RetrievalRecord.RegionCheck(backUp, RetrievalRecord.Result.VERIFIED, "", Optional.of(backUp), 0, false),
                "asia", new RetrievalRecord.RegionCheck(backUp, RetrievalRecord.Result.VERIFIED, "", Optional.of(backUp), 0, false));
        system.dynamoDb().putItem(p -> p.tableName(LocalSystem.LEDGER_TABLE).item(RetrievalRecordCodec.toItem(
                new RetrievalRecord(CID, backUp, Optional.of(backUp), regions, List.of()))));
        phoneFrameRoute();
    }

    private static void sweeps(int n) {
        for (int i = 0; i < n; i++) {
            CLOCK.advance(Duration.ofMinutes(5));
            system.sweep().run("proof-" + i);
        }
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static String chromium(String pathAndQuery, String size, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--window-size=" + size));
        cmd.addAll(List.of(extra));
        cmd.add(system.gateway().baseUrl() + pathAndQuery);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    @Test
    void aNodeDownAndBackIsOneResolvedIncidentAndItsBarShowsTheDowntime() throws Exception {
        JsonNode status = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gateway().baseUrl() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(1, status.get("incidents").size(), status.get("incidents").toString());
        JsonNode incident = status.get("incidents").get(0);
        assertEquals("resolved", incident.get("status").asText());
        assertEquals(lastSeenUp.toString(), incident.get("created_at").asText());
        assertEquals(backUp.toString(), incident.get("resolved_at").asText());

        String dom = chromium("/", "1200,3400", "--dump-dom");
        assertTrue(dom.contains("data-loaded=\"true\""), "the page rendered the status JSON");
        assertEquals(1, count(dom, "data-incident=\""));
        assertEquals("resolved", attr(dom, "data-incident=\"", "data-status"));
        assertTrue(dom.contains("Region US down"), "the incident's name");
        assertTrue(dom.contains("2026-11-24 09:10 UTC → 2026-11-24 09:35 UTC (25 min)"), "start, end and duration shown");
        assertEquals(90 * 6, count(dom, "data-uptime-day=\""), "90 bars for each of 3 regions and 3 nodes");
        String usRow = dom.substring(dom.indexOf("data-uptime=\"peer-us-1\""));
        String usToday = usRow.substring(usRow.indexOf("data-uptime-day=\"2026-11-24\"") - 60);
        Matcher up = Pattern.compile("data-up=\"([0-9.]+)\"").matcher(usToday);
        assertTrue(up.find());
        assertTrue(Double.parseDouble(up.group(1)) < 100, "us-1's bar for the day shows its downtime: " + up.group(1));
        assertTrue(usToday.substring(0, usToday.indexOf(">")).contains("class=\"down\""), usToday.substring(0, 200));
        String euRow = dom.substring(dom.indexOf("data-uptime=\"peer-eu-1\""));
        assertTrue(euRow.contains("data-uptime-day=\"2026-11-24\" data-up=\"100\""), "eu-1 stayed up all the observed day");
        assertTrue(euRow.contains("data-uptime-day=\"2026-11-23\" data-up=\"none\""), "the day before the first sweep is no data, not 0 %");
        assertEquals("not_enough_history", attr(dom, "id=\"durability-estimate\"", "data-state"));
        assertTrue(dom.contains("treated as independent"), "the model is explained on the page");
    }

    @Test
    void theTokenLookupSaysWhereItsContentWasVerifiedAndThatDurabilityNeedsMoreHistory() throws Exception {
        String dom = chromium("/?lookup=42", "1200,3400", "--dump-dom");
        assertEquals("200", attr(dom, "id=\"lookup-result\"", "data-done"));
        assertTrue(dom.contains("verified retrievable from ASIA, EU, US on 2026-11-24"), "the probe's proof per region");
        assertTrue(dom.contains("durability: not enough history: "), "no number from 45 minutes of history");
    }

    /**
     * Headless Chromium will not make a window narrower than 500 px, so the page is measured in a 390 px iframe of a
     * same-origin frame page (a test route): its document's scroll width against the frame's width.
     */
    private static void phoneFrameRoute() {
        system.gateway().route("GET", "/test/phone", event -> APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("content-type", "text/html; charset=utf-8")).withBody("""
                        <!doctype html><html><body style="margin:0">
                        <iframe id="f" src="/?lookup=42" width="390" height="5000" style="border:0;display:block"></iframe>
                        <script>
                        const f = document.getElementById("f");
                        const t = setInterval(() => {
                          const d = f.contentDocument;
                          const done = d && d.body && d.body.dataset.loaded === "true" && d.getElementById("lookup-result").dataset.done;
                          if (!done) return;
                          clearInterval(t);
                          document.body.dataset.innerLoaded = "true";
                          document.body.dataset.scrollWidth = d.documentElement.scrollWidth;
                          document.body.dataset.viewportWidth = f.contentWindow.innerWidth;
                          document.body.dataset.wide = [...d.querySelectorAll("body *")]
                            .filter(e => e.getBoundingClientRect().right > f.contentWindow.innerWidth + 0.5)
                            .slice(0, 6).map(e => e.tagName + "#" + e.id + "." + e.className).join(" ");
                        }, 100);
                        </script></body></html>
                        """).build());
    }

    @Test
    void onA390PixelScreenNothingOverflowsSideways() throws Exception {
        String dom = chromium("/test/phone", "600,1000", "--dump-dom");
        assertTrue(dom.contains("data-inner-loaded=\"true\""), "the page rendered inside the 390 px frame");
        int scroll = Integer.parseInt(attr(dom, "<body", "data-scroll-width"));
        int viewport = Integer.parseInt(attr(dom, "<body", "data-viewport-width"));
        assertEquals(390, viewport);
        assertTrue(scroll <= viewport, "page " + scroll + " px wide in a " + viewport + " px viewport; wider: " + attr(dom, "<body", "data-wide"));
    }

    @Test
    void screenshotsAtDesktopAndPhoneWidth() throws Exception {
        for (String[] shot : new String[][] {{"status-page-proof.png", "/?lookup=42", "1200,3400"}, {"status-page-proof-390.png", "/test/phone", "500,5000"}}) {
            Path file = Path.of("target", shot[0]).toAbsolutePath();
            Files.deleteIfExists(file);
            chromium(shot[1], shot[2], "--screenshot=" + file);
            assertTrue(Files.size(file) > 10_000, "screenshot written: " + file);
        }
    }

    private static String attr(String dom, String anchor, String name) {
        int at = dom.indexOf(anchor);
        assertTrue(at >= 0, anchor);
        int start = anchor.startsWith("<") ? at : dom.lastIndexOf('<', at);
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom.substring(start, dom.indexOf('>', at)));
        assertTrue(m.find(), name);
        return m.group(1);
    }

    private static int count(String dom, String needle) {
        int n = 0;
        for (int i = dom.indexOf(needle); i >= 0; i = dom.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
