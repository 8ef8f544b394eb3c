package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.sweep.HealthState;
import me.grokme.pinning.sweep.SweepReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The reference status page in headless Chromium (Debian's package; bin/test installs it), served by the
 * local runner over data from a real webhook delivery and sweep. Takes a screenshot to
 * functions/local/target/status-page.png.
 */
class StatusPageIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static LocalSystem system;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium not installed (bin/test installs Debian's chromium): skipping page tests");
        system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ofMillis(50), Duration.ZERO, Map.of()));
        JsonNode event = JSON.readTree(Path.of("../../events/webhook-alchemy.json").toFile());
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                .POST(HttpRequest.BodyPublishers.ofString(event.get("body").asText()));
        event.get("headers").fields().forEachRemaining(h -> post.header(h.getKey(), h.getValue().asText()));
        assertEquals(200, HttpClient.newHttpClient().send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
        // Sweep until the simulator reports the pin done (pin delay 50 ms), bounded in time.
        Instant deadline = Instant.now().plusSeconds(20);
        SweepReport r;
        do {
            r = system.sweep().run("page-test");
        } while (!(r instanceof SweepReport.Completed c && c.states().getOrDefault(HealthState.HEALTHY, 0L) == 1)
                && Instant.now().isBefore(deadline));
    }

    @AfterAll
    static void stop() {
        if (system != null) {
            system.close();
        }
    }

    private static String chromium(String... extra) throws IOException, InterruptedException {
        return chromiumAt("/", extra);
    }

    private static String chromiumAt(String pathAndQuery, String... extra) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("chromium-profile");
        List<String> cmd = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000", "--window-size=1200,1800"));
        cmd.addAll(List.of(extra));
        cmd.add(system.gateway().baseUrl() + pathAndQuery);
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        return out;
    }

    @Test
    void thePageShowsTheNumbersOfTheStatusJson() throws Exception {
        JsonNode status = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gateway().baseUrl() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
        String dom = chromium("--dump-dom");
        assertTrue(dom.contains("data-loaded=\"true\""), "the page rendered the status JSON");
        assertEquals(status.get("pins").get("total_cids").asText(), idText(dom, "total-cids"));
        assertEquals(String.format("%.2f", status.get("pins").get("average_replication").asDouble()), idText(dom, "average-replication"));
        assertEquals(status.get("pins").get("fully_replicated").asText(), idText(dom, "fully-replicated"));
        assertEquals(status.get("status").get("indicator").asText(), attr(dom, "id=\"indicator\"", "data-indicator"));
        assertEquals(status.get("nodes").size(), count(dom, "class=\"node\""));
        assertEquals(status.get("regions").size(), count(dom, "data-region=\"region-"));
        assertEquals(30, count(dom, "data-day=\""));
        assertTrue(dom.contains("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u"), "recent operation listed");
        // Per capsule, beside the totals: the sample's mint is capsule genesis's.
        assertEquals(1, status.get("capsules").size(), status.get("capsules").toString());
        JsonNode genesis = status.get("capsules").get(0);
        assertEquals("genesis", genesis.get("name").asText());
        assertEquals(status.get("capsules").size(), count(dom, "data-capsule=\""));
        assertTrue(dom.contains("<b>genesis</b> · " + genesis.get("total_cids").asText() + " CIDs: " + genesis.get("fully_replicated").asText()
                + " fully replicated"), "the capsule's totals are shown");
    }

    @Test
    void everyCounterOfTheJsonIsOnThePageAndTheStatesAddUpToTheTotal() throws Exception {
        // Issue 14: the JSON said errored: 501 of 501 CIDs; the page showed four counters, all 0.
        JsonNode pins = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gateway().baseUrl() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("pins");
        String dom = chromium("--dump-dom");
        assertTrue(dom.contains("data-loaded=\"true\""), "the page rendered the status JSON");
        List<String> counters = new ArrayList<>();
        pins.fields().forEachRemaining(f -> {
            if (f.getValue().isIntegralNumber() && !f.getKey().endsWith("_seconds")) {
                counters.add(f.getKey());
            }
        });
        assertTrue(counters.containsAll(List.of("errored", "unknown_to_cluster", "pending", "deferred", "submitted")), counters.toString());
        for (String field : counters) {
            Matcher m = Pattern.compile("data-field=\"" + field + "\"[^>]*>([^<]*)<").matcher(dom);
            assertTrue(m.find(), "pins." + field + " is shown");
            assertEquals(String.format("%,d", pins.get(field).asLong()), m.group(1), field);
        }
        JsonNode failures = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gateway().baseUrl() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("failures");
        assertTrue(failures.size() >= 8, "every failure kind is counted: " + failures);
        failures.fields().forEachRemaining(f -> {
            Matcher m = Pattern.compile("data-failure=\"" + f.getKey() + "\"[^>]*>([^<]*)<").matcher(dom);
            assertTrue(m.find(), "failures." + f.getKey() + " is shown");
            assertEquals(String.format("%,d", f.getValue().asLong()), m.group(1), f.getKey());
        });
        JsonNode reorgs = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(system.gateway().baseUrl() + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body()).get("reorgs");
        reorgs.fields().forEachRemaining(f -> {
            if (!f.getKey().endsWith("_seconds")) {
                Matcher m = Pattern.compile("data-reorg=\"" + f.getKey() + "\"[^>]*>([^<]*)<").matcher(dom);
                assertTrue(m.find(), "reorgs." + f.getKey() + " is shown");
                assertEquals(String.format("%,d", f.getValue().asLong()), m.group(1), f.getKey());
            }
        });
        assertTrue(idText(dom, "release-grace").endsWith(" h"), "the release grace is named");
        long parts = 0;
        Matcher part = Pattern.compile("data-field=\"([a-z_]+)\" data-part(?:=\"\")?>").matcher(dom);
        while (part.find()) {
            parts += pins.get(part.group(1)).asLong();
        }
        assertEquals(pins.get("total_cids").asLong(), parts, "the state counters shown add up to the total");
    }

    @Test
    void onA390PixelPhoneNothingOverflowsSideways() throws Exception {
        try (DevToolsPage page = DevToolsPage.open(CHROMIUM, system.gateway().baseUrl() + "/", 390, 844)) {
            page.await("document.body.dataset.loaded === 'true'");
            assertEquals(390, page.eval("document.documentElement.clientWidth").asInt(), "the viewport is a phone's");
            int pageWidth = page.eval("document.documentElement.scrollWidth").asInt();
            assertTrue(pageWidth <= 390, "the page scrolls sideways: " + pageWidth + " px wide, past the edge: " + page.eval(
                    "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 391)"
                    + ".slice(0, 8).map(e => e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"));
            JsonNode table = page.eval("(() => { const t = document.getElementById('regions'); const s = t.closest('section');"
                    + " return [t.getBoundingClientRect().right, s.getBoundingClientRect().right, t.parentElement.scrollWidth,"
                    + " t.parentElement.clientWidth]; })()");
            assertTrue(table.get(0).asDouble() <= table.get(1).asDouble(), "the regions table fits its card: " + table);
            assertTrue(table.get(2).asInt() <= table.get(3).asInt(), "the regions table needs no scrolling either: " + table);
        }
    }

    @Test
    void onTheOfficialHostAnApiParameterForAnUnlistedOriginIsIgnored() throws Exception {
        // The page served under a public name (mapped to the local gateway), linked with ?api= to another origin
        // (here also the gateway, under a second name): it must read its own origin's /status, not the other's.
        int port = URI.create(system.gateway().baseUrl()).getPort();
        Path profile = Files.createTempDirectory("chromium-profile");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=15000",
                "--host-resolver-rules=MAP status.test 127.0.0.1, MAP elsewhere.test 127.0.0.1",
                "--dump-dom", "http://status.test:" + port + "/?api=http://elsewhere.test:" + port)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "chromium finished");
        // Another origin's answer would need its CORS consent for status.test, which the gateway does not give.
        assertTrue(dom.contains("data-loaded=\"true\""), "the page read its own origin's status: " + dom.length());
    }

    @Test
    void theLookupBoxAnswersForATokenAndRefusesGarbage() throws Exception {
        String found = chromiumAt("/?lookup=42", "--dump-dom");
        assertEquals("200", attr(found, "id=\"lookup-result\"", "data-done"));
        assertTrue(found.contains("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u: pinned"), "token 42's CID shown as pinned");
        String withCapsule = chromiumAt("/?lookup=genesis/42", "--dump-dom");
        assertEquals("200", attr(withCapsule, "id=\"lookup-result\"", "data-done"), "a token named with its capsule");
        assertTrue(withCapsule.contains("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u: pinned"));
        assertEquals("404", attr(chromiumAt("/?lookup=frames/42", "--dump-dom"), "id=\"lookup-result\"", "data-done"), "no such capsule");
        // A token whose URI names a file inside a directory CID shows the file's path after the CID.
        String collection = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
        new DynamoDbLedger(system.dynamoDb(), LocalSystem.LEDGER_TABLE, Clock.systemUTC()).recordMint(new MintRecord(
                new LogKey(1, "0x" + "77".repeat(32), 0), "77", collection, "genesis", 3, 5, 1, "", "logs", false, "/77.json"));
        String inDirectory = chromiumAt("/?lookup=77", "--dump-dom");
        assertEquals("200", attr(inDirectory, "id=\"lookup-result\"", "data-done"));
        assertTrue(inDirectory.contains(collection + "/77.json: "), "the path is shown after the CID");
        String refused = chromiumAt("/?lookup=not-a-cid", "--dump-dom");
        assertEquals("400", attr(refused, "id=\"lookup-result\"", "data-done"));
        assertTrue(refused.contains("INVALID_CID"));
    }

    @Test
    void aScreenshotIsProduced() throws Exception {
        Path shot = Path.of("target", "status-page.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        chromium("--screenshot=" + shot);
        assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
    }

    private static String idText(String dom, String id) {
        Matcher m = Pattern.compile("id=\"" + id + "\"[^>]*>([^<]*)<").matcher(dom);
        assertTrue(m.find(), id + " in the DOM");
        return m.group(1);
    }

    private static String attr(String dom, String anchor, String name) {
        int at = dom.indexOf(anchor);
        assertTrue(at >= 0, anchor);
        int end = dom.indexOf('>', at);
        Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(dom.substring(dom.lastIndexOf('<', at), end));
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
