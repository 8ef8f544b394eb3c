package me.grokme.pinning.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The standalone simulator's command line (bench and scripted runs), started in-process. */
class SimulatorMainTest {

    private static final String CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private HttpResponse<String> call(String method, String pathAndQuery) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String status(String peer) throws Exception {
        return json.readTree(call("GET", "/pins/" + CID).body()).get("peer_map").get(sim.peerId(peer)).get("status").asText();
    }

    @Test
    void withManualClockTimeMovesOnlyThroughTheAdminRoute() throws Exception {
        sim = SimulatorMain.start(new String[] {"--port", "0", "--pin-delay", "10000", "--manual-clock", "2026-11-24T10:00:00Z"});
        assertTrue(sim.config().clock() instanceof ManualClock);
        JsonNode clock = json.readTree(call("GET", "/_sim/clock").body());
        assertEquals("2026-11-24T10:00:00Z", clock.get("now").asText());
        assertEquals(200, call("POST", "/pins/" + CID + "?replication-min=3&replication-max=3").statusCode());
        assertEquals("pin_queued", status("eu-1"));
        assertEquals(204, call("POST", "/_sim/clock/advance?ms=6000").statusCode());
        assertEquals("pinning", status("eu-1"));
        assertEquals(204, call("POST", "/_sim/clock/advance?ms=4000").statusCode());
        assertEquals("pinned", status("eu-1"));
        assertEquals("2026-11-24T10:00:10Z", json.readTree(call("GET", "/_sim/clock").body()).get("now").asText());
    }

    @Test
    void withoutTheOptionItRunsOnTheRealClockAndRefusesToAdvance() throws Exception {
        sim = SimulatorMain.start(new String[] {"--port", "0"});
        assertEquals(409, call("POST", "/_sim/clock/advance?ms=1000").statusCode());
        assertEquals(false, json.readTree(call("GET", "/_sim/clock").body()).get("manual").asBoolean());
    }

    @Test
    void aBadStartInstantIsRefusedNamingTheOption() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.config(new String[] {"--manual-clock", "yesterday"}));
        assertTrue(e.getMessage().contains("--manual-clock"), e.getMessage());
    }
}
