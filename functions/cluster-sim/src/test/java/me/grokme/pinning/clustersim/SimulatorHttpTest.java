package me.grokme.pinning.clustersim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator through raw HTTP: wire format, statuses, errors, membership rules and faults. */
class SimulatorHttpTest {

    private static final String CID = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";
    private static final String CID_V0 = "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR";
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private ClusterSimulator sim;

    private ClusterSimulator start(SimulatorConfig config) {
        sim = ClusterSimulator.start(config.withClock(clock));
        return sim;
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + pathAndQuery))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        Iterator<String> it = node.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }

    private JsonNode pin(String cid, String query) throws Exception {
        HttpResponse<String> r = call("POST", "/pins/" + cid + query);
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }

    /** Raw bytes of a whole response, for framing checks java.net.http hides (chunks, trailers). */
    private String raw(String requestLine) throws IOException {
        try (Socket s = new Socket("127.0.0.1", sim.port())) {
            OutputStream out = s.getOutputStream();
            out.write((requestLine + "\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void pinAnswerHasTheRealFieldsInGoStructOrder() throws Exception {
        start(SimulatorConfig.threeRegions());
        JsonNode pin = pin(CID, "?name=genesis-42&replication-min=3&replication-max=5&meta-tokenId=42&meta-capsule=genesis");
        assertEquals(List.of("replication_factor_min", "replication_factor_max", "name", "mode", "shard_size", "user_allocations",
                "expire_at", "metadata", "pin_update", "origins", "cid", "type", "allocations", "max_depth", "reference", "timestamp"),
                keys(pin));
        assertEquals("pin", pin.get("type").asText());
        assertEquals("recursive", pin.get("mode").asText());
        assertEquals("0001-01-01T00:00:00Z", pin.get("expire_at").asText());
        assertEquals(List.of("capsule", "tokenId"), keys(pin.get("metadata")), "Go sorts map keys");
        assertTrue(pin.get("pin_update").isNull());
        assertTrue(pin.get("origins").isNull());
        assertEquals(3, pin.get("allocations").size());
        assertTrue(pin.get("allocations").get(0).asText().startsWith("12D3KooW"));
    }

    @Test
    void statusObjectsHaveTheRealFieldsInOrder() throws Exception {
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        JsonNode g = json.readTree(call("GET", "/pins/" + CID).body());
        assertEquals(List.of("cid", "name", "allocations", "origins", "created", "metadata", "peer_map"), keys(g));
        List<String> peers = keys(g.get("peer_map"));
        assertEquals(peers.stream().sorted().toList(), peers);
        JsonNode first = g.get("peer_map").get(peers.get(0));
        assertEquals(List.of("peername", "ipfs_peer_id", "ipfs_peer_addresses", "status", "timestamp", "error", "attempt_count",
                "priority_pin"), keys(first));
        assertEquals("pinned", first.get("status").asText());
    }

    @Test
    void aV1CidInAnotherBaseIsAnsweredInBase32AndV0StaysV0() throws Exception {
        start(SimulatorConfig.threeRegions());
        String base36 = Cid.parse(CID).toBase36();
        assertEquals(CID, pin(base36, "").get("cid").asText());
        assertEquals(CID_V0, pin(CID_V0, "").get("cid").asText());
    }

    @Test
    void streamsAreChunkedNdjsonEndingWithAnEmptyStreamErrorTrailer() throws Exception {
        start(SimulatorConfig.threeRegions());
        pin(CID, "");
        pin(CID_V0, "");
        String response = raw("GET /allocations HTTP/1.1");
        assertTrue(response.startsWith("HTTP/1.1 200 OK\r\n"), response);
        assertTrue(response.contains("\r\nTrailer: X-Stream-Error\r\n"));
        assertTrue(response.contains("\r\nTransfer-Encoding: chunked\r\n"));
        assertTrue(response.contains("\r\nContent-Type: application/json\r\n"));
        assertTrue(response.endsWith("\r\n0\r\nX-Stream-Error: \r\n\r\n"), response.substring(response.length() - 40));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertEquals(2, body.split("\\}\n").length - 1, "two newline-terminated objects");
    }

    /** The body of a chunked response, chunk framing removed (trailers dropped). */
    private static String dechunk(String response) {
        String rest = response.substring(response.indexOf("\r\n\r\n") + 4);
        StringBuilder body = new StringBuilder();
        while (true) {
            int eol = rest.indexOf("\r\n");
            int size = Integer.parseInt(rest.substring(0, eol).trim(), 16);
            if (size == 0) {
                return body.toString();
            }
            body.append(rest, eol + 2, eol + 2 + size);
            rest = rest.substring(eol + 2 + size + 2);
        }
    }

    @Test
    void everyStreamedLineIsOneObjectAndANewlineWithNoSeparatorBeforeIt() throws Exception {
        // Go's json.Encoder.Encode writes each item followed by "\n" and nothing else (api/common/api.go
        // StreamResponse); Jackson's default root separator put a space before the third item onwards.
        start(SimulatorConfig.threeRegions());
        sim.seedPinned(5, 3, false);
        String body = dechunk(raw("GET /allocations HTTP/1.1"));
        assertTrue(body.endsWith("}\n"), body);
        String[] lines = body.split("\n", -1);
        assertEquals(6, lines.length, "five newline-terminated lines");
        for (int i = 0; i < 5; i++) {
            assertTrue(lines[i].startsWith("{\"replication_factor_min\""), "line " + (i + 1) + ": " + lines[i]);
            assertTrue(lines[i].endsWith("}"), "line " + (i + 1));
        }
    }

    @Test
    void anEmptyStreamIsA204WithNoBody() throws Exception {
        start(SimulatorConfig.threeRegions());
        HttpResponse<String> r = call("GET", "/pins");
        assertEquals(204, r.statusCode());
        assertEquals("", r.body());
        assertEquals(204, call("GET", "/allocations?filter=meta-pin").statusCode());
    }

    @Test
    void errorsUseTheClustersJsonShapeAndStatuses() throws Exception {
        start(SimulatorConfig.threeRegions());
        HttpResponse<String> notInPinset = call("GET", "/allocations/" + CID);
        assertEquals(404, notInPinset.statusCode());
        assertEquals("{\"code\":404,\"message\":\"pin is not part of the pinset\"}", notInPinset.body().strip());
        HttpResponse<String> unknownStatus = call("GET", "/pins/" + CID);
        assertEquals(200, unknownStatus.statusCode(), "status of a CID outside the pinset is 200 unpinned");
        json.readTree(unknownStatus.body()).get("peer_map").forEach(p -> assertEquals("unpinned", p.get("status").asText()));
        HttpResponse<String> badCid = call("GET", "/pins/not-a-cid");
        assertEquals(400, badCid.statusCode());
        assertTrue(json.readTree(badCid.body()).get("message").asText().startsWith("error decoding Cid: "));
        assertEquals(400, call("GET", "/pins?filter=bogus").statusCode());
        assertEquals("invalid filter value", json.readTree(call("GET", "/pins?filter=bogus").body()).get("message").asText());
        assertEquals(204, call("GET", "/pins?filter=error,bogus").statusCode(), "a known value makes the filter valid");
        assertEquals("{\"code\":404,\"message\":\"not found\"}", call("GET", "/nope").body().strip());
        assertEquals(400, call("POST", "/pins/" + CID + "?replication-min=three").statusCode());
        assertEquals("parameter replication-min invalid",
                json.readTree(call("POST", "/pins/" + CID + "?replication-min=x").body()).get("message").asText());
        HttpResponse<String> minOverMax = call("POST", "/pins/" + CID + "?replication-min=3&replication-max=2");
        assertEquals(500, minOverMax.statusCode());
        assertEquals("cluster.replication_factor_min is larger than max", json.readTree(minOverMax.body()).get("message").asText());
        assertEquals(500, call("POST", "/pins/" + CID + "?expire-at=2000-01-01T00:00:00Z").statusCode());
        assertEquals(0, sim.pinCount(), "refused pins are not committed");
    }

    @Test
    void aTrailingSlashIsRedirectedWithoutIt() throws Exception {
        start(SimulatorConfig.threeRegions());
        HttpResponse<String> r = call("GET", "/pins/?filter=pinned");
        assertEquals(307, r.statusCode());
        assertEquals("/pins?filter=pinned", r.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void pathInjectionThroughTheCidSegmentIsRefusedWithoutSideEffects() throws Exception {
        start(SimulatorConfig.threeRegions());
        for (String evil : List.of("/pins/..%2Fpeers", "/pins/%2e%2e", "/pins/ipfs/..%2F..%2Fpeers", "/pins/" + CID + "%2F..")) {
            int status = call("POST", evil).statusCode();
            assertTrue(status == 400 || status == 404, evil + " → " + status);
        }
        assertEquals(0, sim.pinCount());
    }

    @Test
    void allocationSpreadsReplicasAcrossRegionsBeforeReusingOne() throws Exception {
        start(SimulatorConfig.ofPeers(6));
        JsonNode pin = pin(CID, "?replication-min=3&replication-max=3");
        Set<String> regions = new HashSet<>();
        for (String peer : sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers()) {
            regions.add(peer.substring(0, peer.indexOf('-')));
        }
        assertEquals(Set.of("eu", "us", "asia"), regions);
        assertEquals(3, pin.get("allocations").size());
    }

    @Test
    void notEnoughCandidatesIsA500AndNothingIsCommitted() throws Exception {
        start(SimulatorConfig.threeRegions());
        HttpResponse<String> r = call("POST", "/pins/" + CID + "?replication-min=4&replication-max=5");
        assertEquals(500, r.statusCode());
        assertEquals("not enough peers to allocate CID. Needed at least: 4. Wanted at most: 5. Available candidates: 3. See logs for more info.",
                json.readTree(r.body()).get("message").asText());
        assertEquals(0, sim.pinCount());
    }

    @Test
    void withAPeerDownPastItsPingTheMinimumCannotBeMetAndThePinIsRefused() throws Exception {
        // allocate.go obtainAllocations: needed = rplMin - current valid; fewer available candidates → allocationError,
        // answered by api/common/api.go SendResponse as 500 {"code","message"}; a maximum above what is available
        // takes what there is. A peer's metrics stay valid until they expire, so right after it stops it is still
        // a candidate (the cluster cannot know yet).
        start(SimulatorConfig.threeRegions().withReplication(3, 5));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(3, pin(CID, "").get("allocations").size(), "metrics not expired yet: still a candidate");
        clock.advance(Duration.ofSeconds(21)); // 31 s: ping (2 × 15 s) and informer metrics (30 s) expired
        HttpResponse<String> refused = call("POST", "/pins/" + CID_V0);
        assertEquals(500, refused.statusCode());
        assertEquals("{\"code\":500,\"message\":\"not enough peers to allocate CID. Needed at least: 3. Wanted at most: 5. "
                + "Available candidates: 2. See logs for more info.\"}", refused.body().strip());
        assertTrue(sim.truth(Cid.parse(CID_V0)).isEmpty(), "nothing committed");
        JsonNode two = pin(CID_V0, "?replication-min=2&replication-max=5");
        assertEquals(2, two.get("allocations").size(), "as many as are available, up to the maximum");
        assertFalse(sim.truth(Cid.parse(CID_V0)).orElseThrow().allocatedPeers().contains("asia-1"));
    }

    @Test
    void withCrdtAnInformerMetricThatOutlivesThePingKeepsAGonePeerAllocatable() throws Exception {
        // ipfs-cluster-service daemon.go gives the monitor a peerset function only for Raft; with CRDT, pubsubmon
        // LatestMetrics returns every unexpired metric, members or not, so allocation looks at informer metrics only.
        SimulatorConfig c = SimulatorConfig.threeRegions();
        start(new SimulatorConfig(0, c.peers(), c.pinDelay(), Duration.ofSeconds(15), Duration.ofSeconds(60), 3, 3,
                false, c.contentSizeBytes(), c.basicAuth(), c.clock()));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(31)); // ping expired (no longer a member), freespace/tag metrics valid 29 s more
        assertEquals(2, call("GET", "/peers").body().strip().split("\n").length);
        assertEquals(3, pin(CID, "").get("allocations").size());
        clock.advance(Duration.ofSeconds(30));
        HttpResponse<String> refused = call("POST", "/pins/" + CID_V0);
        assertEquals(500, refused.statusCode(), refused.body());
        assertTrue(json.readTree(refused.body()).get("message").asText().contains("Available candidates: 2."));
    }

    @Test
    void aboveTheMaximumOnlyValidAllocationsAreKeptAndAtTheMinimumNothingChanges() throws Exception {
        // allocate.go obtainAllocations: wanted = rplMax - current valid; wanted < 0 → the first valid current peers
        // (an expired one is never kept); needed <= 0 → no new allocations, the current ones stay as they are.
        start(SimulatorConfig.ofPeers(4));
        pin(CID, "?replication-min=4&replication-max=4");
        pin(CID_V0, "?replication-min=4&replication-max=4");
        String gone = sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers().get(0);
        sim.peerDown(gone);
        clock.advance(Duration.ofSeconds(31));
        pin(CID, "?replication-min=1&replication-max=2");
        List<String> kept = sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers();
        assertEquals(2, kept.size());
        assertFalse(kept.contains(gone), kept + " still holds the expired " + gone);
        pin(CID_V0, "?replication-min=3&replication-max=3");
        assertEquals(4, sim.truth(Cid.parse(CID_V0)).orElseThrow().allocatedPeers().size(),
                "3 valid meet the minimum and not more than the maximum: allocations untouched, the expired one included");
    }

    @Test
    void aPinEverywhereGivenAFactorIsAllocatedAfreshByTheAllocator() throws Exception {
        // cluster.go setupReplicationFactor stores a pin-everywhere with no allocations, and allocate() starts from
        // the state's allocations: none, so the allocator chooses (here never the nearly full eu-1).
        start(SimulatorConfig.threeRegions().withPeers(List.of(new SimulatorConfig.SimPeerSpec("eu-1", "eu", 10L << 30),
                new SimulatorConfig.SimPeerSpec("us-1", "us", 100L << 30), new SimulatorConfig.SimPeerSpec("asia-1", "asia", 100L << 30))));
        pin(CID, "?replication-min=-1&replication-max=-1");
        assertEquals(0, pin(CID, "?replication-min=-1&replication-max=-1").get("allocations").size());
        pin(CID, "?replication-min=1&replication-max=1");
        List<String> now = sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers();
        assertEquals(1, now.size());
        assertNotEquals("eu-1", now.get(0), "the peer with the least free space is the allocator's last choice");
    }

    @Test
    void rePinningWithinMinAndMaxKeepsTheAllocations() throws Exception {
        start(SimulatorConfig.ofPeers(6));
        List<String> before = sim.truth(Cid.parse(pin(CID, "?replication-min=2&replication-max=2").get("cid").asText()))
                .orElseThrow().allocatedPeers();
        pin(CID, "?replication-min=1&replication-max=4");
        assertEquals(before, sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers(), "valid allocations ≥ min: no change");
        pin(CID, "?replication-min=3&replication-max=4");
        List<String> after = sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers();
        assertTrue(after.containsAll(before));
        assertEquals(4, after.size(), "below the new minimum: topped up to the maximum");
    }

    @Test
    void eachAllocatedPeerGoesFromQueuedThroughPinningToPinned() throws Exception {
        start(SimulatorConfig.threeRegions().withPinDelay(Duration.ofSeconds(10)));
        pin(CID, "?replication-min=3&replication-max=3");
        Cid cid = Cid.parse(CID);
        assertEquals(Set.of("pin_queued"), new HashSet<>(sim.truth(cid).orElseThrow().statusByPeer().values()));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(Set.of("pinning"), new HashSet<>(sim.truth(cid).orElseThrow().statusByPeer().values()));
        clock.advance(Duration.ofSeconds(5));
        JsonNode g = json.readTree(call("GET", "/pins/" + CID).body());
        g.get("peer_map").forEach(p -> assertEquals("pinned", p.get("status").asText()));
    }

    @Test
    void aDeadPeerVanishesFromStreamsButStaysCLusterErrorWhileAllocated() throws Exception {
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=2&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        String asia = sim.peerId("asia-1");
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5));
        // Still a member (ping not expired): the streamed status shows it failing.
        assertEquals("cluster_error", json.readTree(call("GET", "/pins").body()).get("peer_map").get(asia).get("status").asText());
        clock.advance(Duration.ofSeconds(30));
        JsonNode streamed = json.readTree(call("GET", "/pins").body());
        assertFalse(streamed.get("peer_map").has(asia), "gone from the streamed status once its ping expired");
        JsonNode perCid = json.readTree(call("GET", "/pins/" + CID).body());
        assertEquals("cluster_error", perCid.get("peer_map").get(asia).get("status").asText());
        JsonNode perCids = json.readTree(call("GET", "/pins?cids=" + CID).body());
        assertEquals("cluster_error", perCids.get("peer_map").get(asia).get("status").asText());
        assertEquals(2, call("GET", "/peers").body().strip().split("\n").length);
        assertEquals(2, json.readTree(call("GET", "/monitor/metrics/tag:region").body()).size());
        assertEquals(2, json.readTree(call("GET", "/id").body()).get("cluster_peers").size());
        JsonNode alerts = json.readTree(call("GET", "/health/alerts").body());
        assertTrue(alerts.size() >= 1);
        assertEquals(asia, alerts.get(0).get("peer").asText());
        sim.peerUp("asia-1");
        assertEquals(3, call("GET", "/peers").body().strip().split("\n").length);
        assertEquals("pinned", json.readTree(call("GET", "/pins/" + CID).body()).get("peer_map").get(asia).get("status").asText());
    }

    private JsonNode peerMap(String pathAndQuery) throws Exception {
        HttpResponse<String> r = call("GET", pathAndQuery);
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body()).get("peer_map");
    }

    @Test
    void perCidStatusAsksOnlyTheAllocatedPeersAndReportsOtherMembersRemoteEvenWhenDown() throws Exception {
        // cluster.go globalPinInfoCid: dests = allocations (contacted, cluster_error when unreachable, members or
        // not); remote = members minus allocations, set without any call.
        start(SimulatorConfig.ofPeers(4));
        pin(CID, "?replication-min=2&replication-max=2");
        clock.advance(Duration.ofSeconds(3));
        List<String> allocated = sim.truth(Cid.parse(CID)).orElseThrow().allocatedPeers();
        String holder = allocated.get(0);
        String bystander = List.of("eu-1", "us-1", "asia-1", "eu-2").stream().filter(n -> !allocated.contains(n)).findFirst().orElseThrow();
        sim.peerDown(holder);
        sim.peerDown(bystander);
        clock.advance(Duration.ofSeconds(5));
        for (String view : List.of("/pins/" + CID, "/pins?cids=" + CID)) {
            JsonNode map = peerMap(view);
            assertEquals("cluster_error", map.get(sim.peerId(holder)).get("status").asText(), view);
            assertEquals("remote", map.get(sim.peerId(bystander)).get("status").asText(), view + ": not contacted");
            assertEquals("", map.get(sim.peerId(bystander)).get("error").asText());
        }
        clock.advance(Duration.ofSeconds(30)); // both pings expired: neither is a member any more
        JsonNode map = peerMap("/pins/" + CID);
        assertEquals("cluster_error", map.get(sim.peerId(holder)).get("status").asText(), "still allocated, still asked");
        assertFalse(map.has(sim.peerId(bystander)), "neither allocated nor a member");
        assertEquals(3, map.size());
    }

    @Test
    void aPinEverywhereAsksTheMembersSoAnExpiredPeerDropsOutOfItsStatus() throws Exception {
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=-1&replication-max=-1");
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5));
        assertEquals("cluster_error", peerMap("/pins/" + CID).get(sim.peerId("asia-1")).get("status").asText());
        clock.advance(Duration.ofSeconds(30));
        assertFalse(peerMap("/pins/" + CID).has(sim.peerId("asia-1")), "everywhere = the members, and it is not one");
    }

    @Test
    void aCidOutsideThePinsetIsUnpinnedOnEveryMemberEvenADownOne() throws Exception {
        // cluster.go globalPinInfoCid: on state.ErrNotFound every member is set unpinned; nobody is contacted.
        start(SimulatorConfig.threeRegions());
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5));
        for (String view : List.of("/pins/" + CID, "/pins?cids=" + CID)) {
            JsonNode map = peerMap(view);
            assertEquals(3, map.size(), view);
            map.forEach(p -> assertEquals("unpinned", p.get("status").asText(), view));
        }
        assertEquals("unpinned", json.readTree(call("POST", "/pins/" + CID + "/recover").body()).get("peer_map")
                .get(sim.peerId("asia-1")).get("status").asText(), "global recover goes the same way");
        clock.advance(Duration.ofSeconds(30));
        assertFalse(peerMap("/pins/" + CID).has(sim.peerId("asia-1")), "no longer a member");
    }

    @Test
    void aStatusFilterIsAppliedByTheAnsweringPeersAndUnreachableMembersAreMergedInAfter() throws Exception {
        // cluster.go globalPinInfoStream: each member's tracker filters (stateless.go StatusAll), the answers make
        // the CID set, then every member whose call failed is added as cluster_error to each CID in it.
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        pin(CID_V0, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5));
        assertEquals(204, call("GET", "/pins?filter=error").statusCode(), "no live peer has an error to list");
        String[] pinned = call("GET", "/pins?filter=pinned").body().strip().split("\n");
        assertEquals(2, pinned.length);
        for (String line : pinned) {
            JsonNode map = json.readTree(line).get("peer_map");
            assertEquals(3, map.size(), line);
            assertEquals("cluster_error", map.get(sim.peerId("asia-1")).get("status").asText());
            assertEquals("pinned", map.get(sim.peerId("eu-1")).get("status").asText());
        }
    }

    @Test
    void withRepinningOnPinsBelowMinimumMoveAwayFromADeadPeer() throws Exception {
        start(SimulatorConfig.ofPeers(4).withRepinning(true));
        pin(CID, "?replication-min=3&replication-max=3");
        Cid cid = Cid.parse(CID);
        List<String> before = sim.truth(cid).orElseThrow().allocatedPeers();
        String victim = before.get(0);
        sim.peerDown(victim);
        clock.advance(Duration.ofSeconds(31));
        sim.requestCounts(); // no-op read; the next API call processes the expiry
        call("GET", "/id");
        List<String> after = sim.truth(cid).orElseThrow().allocatedPeers();
        assertFalse(after.contains(victim), after.toString());
        assertEquals(3, after.size());
    }

    @Test
    void withRepinningOffTheDeadPeerKeepsItsAllocations() throws Exception {
        start(SimulatorConfig.ofPeers(4));
        pin(CID, "?replication-min=3&replication-max=3");
        Cid cid = Cid.parse(CID);
        List<String> before = sim.truth(cid).orElseThrow().allocatedPeers();
        sim.peerDown(before.get(0));
        clock.advance(Duration.ofMinutes(10));
        call("GET", "/id");
        assertEquals(before, sim.truth(cid).orElseThrow().allocatedPeers());
        sim.setRepinning(true);
        assertNotEquals(before, sim.truth(cid).orElseThrow().allocatedPeers(), "switching repinning on acts on expired peers");
    }

    @Test
    void aPinErrorIsReportedUntilRecoverRequeuesIt() throws Exception {
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        String us = sim.peerId("us-1");
        sim.pinError(Cid.parse(CID), "us-1", "context deadline exceeded");
        JsonNode errored = json.readTree(call("GET", "/pins/" + CID).body()).get("peer_map").get(us);
        assertEquals("pin_error", errored.get("status").asText());
        assertEquals("context deadline exceeded", errored.get("error").asText());
        assertEquals(1, errored.get("attempt_count").asInt());
        assertEquals(1, call("GET", "/pins?filter=error").body().strip().split("\n").length);
        JsonNode recovered = json.readTree(call("POST", "/pins/" + CID + "/recover").body());
        assertEquals("pin_queued", recovered.get("peer_map").get(us).get("status").asText());
        clock.advance(Duration.ofSeconds(3));
        assertEquals("pinned", json.readTree(call("GET", "/pins/" + CID).body()).get("peer_map").get(us).get("status").asText());
    }

    private String statusOn(String peer) throws Exception {
        return peerMap("/pins/" + CID).get(sim.peerId(peer)).get("status").asText();
    }

    @Test
    void recoverAllLocalReQueuesAndReportsOnlyTheAnsweringPeer() throws Exception {
        // restapi.go recoverAllHandler, local=true → Cluster.RecoverAllLocal → stateless.go RecoverAll on this peer;
        // each PinInfo goes out through ToGlobal, so the peer_map holds the answering peer (eu-1) only.
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        pin(CID_V0, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        sim.pinError(Cid.parse(CID), "eu-1", "context deadline exceeded");
        sim.pinError(Cid.parse(CID), "us-1", "context deadline exceeded");
        sim.pinError(Cid.parse(CID_V0), "us-1", "context deadline exceeded");
        HttpResponse<String> local = call("POST", "/pins/recover?local=true");
        assertEquals(200, local.statusCode());
        String[] lines = local.body().strip().split("\n");
        assertEquals(1, lines.length, "only the pin eu-1 itself re-queued: " + local.body());
        JsonNode map = json.readTree(lines[0]).get("peer_map");
        assertEquals(List.of(sim.peerId("eu-1")), keys(map));
        assertEquals("pin_queued", map.get(sim.peerId("eu-1")).get("status").asText());
        assertEquals("pin_error", statusOn("us-1"), "another peer's error is left alone");
    }

    @Test
    void recoverAllListsPerCidOnlyThePeersThatReQueuedItPlusUnreachableMembers() throws Exception {
        // cluster.go RecoverAll → globalPinInfoStream(RecoverAllLocal): answers merged per CID, then a cluster_error
        // for every member whose call failed, for every CID in the result.
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        pin(CID_V0, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        sim.pinError(Cid.parse(CID), "us-1", "context deadline exceeded");
        sim.peerDown("asia-1");
        clock.advance(Duration.ofSeconds(5));
        HttpResponse<String> all = call("POST", "/pins/recover");
        String[] lines = all.body().strip().split("\n");
        assertEquals(1, lines.length, "CID_V0 had nothing to recover: " + all.body());
        JsonNode map = json.readTree(lines[0]).get("peer_map");
        assertEquals(2, map.size(), map.toString());
        assertEquals("pin_queued", map.get(sim.peerId("us-1")).get("status").asText());
        assertEquals("cluster_error", map.get(sim.peerId("asia-1")).get("status").asText());
        assertFalse(map.has(sim.peerId("eu-1")), "eu-1 re-queued nothing for it");
        assertEquals(204, call("POST", "/pins/recover").statusCode(), "nothing left to re-queue");
    }

    @Test
    void recoverOneCidLocallyTouchesOnlyTheAnsweringPeerAndNeedsThePin() throws Exception {
        // restapi.go recoverHandler, local=true → RecoverLocal → localPinInfoOp: cidsFromMetaPin reads the state
        // first (not found → state.ErrNotFound → 404), then this tracker's Recover, sent through ToGlobal.
        start(SimulatorConfig.threeRegions());
        pin(CID, "?replication-min=3&replication-max=3");
        clock.advance(Duration.ofSeconds(3));
        sim.pinError(Cid.parse(CID), "eu-1", "context deadline exceeded");
        sim.pinError(Cid.parse(CID), "us-1", "context deadline exceeded");
        HttpResponse<String> r = call("POST", "/pins/" + CID + "/recover?local=true");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode map = json.readTree(r.body()).get("peer_map");
        assertEquals(List.of(sim.peerId("eu-1")), keys(map));
        assertEquals("pin_queued", map.get(sim.peerId("eu-1")).get("status").asText());
        assertEquals("pin_error", statusOn("us-1"));
        HttpResponse<String> outside = call("POST", "/pins/" + CID_V0 + "/recover?local=true");
        assertEquals(404, outside.statusCode());
        assertEquals("{\"code\":404,\"message\":\"pin is not part of the pinset\"}", outside.body().strip());
    }

    @Test
    void basicAuthAndTokensBehaveLikeTheRealApi() throws Exception {
        start(SimulatorConfig.threeRegions().withBasicAuth("admin", "pw"));
        HttpResponse<String> none = call("GET", "/id");
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized: no auth provided", json.readTree(none.body()).get("message").asText());
        assertTrue(none.headers().firstValue("WWW-Authenticate").orElseThrow().contains("Basic realm=\"Restricted IPFS Cluster API\""));
        String bad = "Basic " + Base64.getEncoder().encodeToString("admin:nope".getBytes(StandardCharsets.UTF_8));
        assertEquals("unauthorized: access denied", json.readTree(call("GET", "/id", "Authorization", bad).body()).get("message").asText());
        String good = "Basic " + Base64.getEncoder().encodeToString("admin:pw".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, call("GET", "/id", "Authorization", good).statusCode());
        assertEquals(204, call("GET", "/health").statusCode(), "health needs no auth");
        String token = json.readTree(call("POST", "/token", "Authorization", good).body()).get("token").asText();
        assertEquals(200, call("GET", "/id", "Authorization", "bearer " + token).statusCode());
        assertEquals("unauthorized: invalid token",
                json.readTree(call("GET", "/id", "Authorization", "Bearer x.y.z").body()).get("message").asText());
    }

    @Test
    void aCutStreamEndsWithoutItsTerminatingChunk() throws Exception {
        start(SimulatorConfig.threeRegions());
        sim.seedPinned(50, 3, false);
        sim.cutNextStreamAfter(5);
        String response = raw("GET /pins HTTP/1.1");
        assertFalse(response.contains("\r\n0\r\n"), "no last-chunk");
        assertFalse(response.contains("X-Stream-Error: \r\n"));
    }

    @Test
    void theAdminApiInjectsFaultsAndSwitches() throws Exception {
        start(SimulatorConfig.threeRegions());
        assertEquals(204, call("POST", "/_sim/peers/asia-1/down").statusCode());
        clock.advance(Duration.ofMinutes(1));
        assertEquals(2, call("GET", "/peers").body().strip().split("\n").length);
        assertEquals(204, call("POST", "/_sim/faults?fail_count=1&fail_status=503&fail_path=/id").statusCode());
        assertEquals(503, call("GET", "/id").statusCode());
        assertEquals(200, call("GET", "/id").statusCode());
        assertEquals(204, call("POST", "/_sim/clock/advance?ms=1000").statusCode());
        JsonNode counters = json.readTree(call("GET", "/_sim/counters").body());
        assertEquals(1, counters.get("GET /id").asInt());
        assertEquals(404, call("POST", "/_sim/nope").statusCode());
    }

    @Test
    void theIpfsSideServesFilesAndFilesInsideDirectoriesWithKubosErrors() throws Exception {
        start(SimulatorConfig.threeRegions());
        String file = "bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
        sim.putContent(Cid.parse(file), "{\"name\":\"file\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/content/" + CID + "/meta/42.json"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"name\":\"42\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, put.statusCode(), put.body());

        // kubo RPC cat, with and without the /ipfs/ prefix, and its length cap
        assertEquals("{\"name\":\"file\"}", call("POST", "/api/v0/cat?arg=" + file).body());
        assertEquals("{\"name\":\"42\"}", call("POST", "/api/v0/cat?arg=/ipfs/" + CID + "/meta/42.json").body());
        assertEquals("{\"na", call("POST", "/api/v0/cat?arg=" + CID + "/meta/42.json&length=4").body());
        HttpResponse<String> dir = call("POST", "/api/v0/cat?arg=/ipfs/" + CID);
        assertEquals(500, dir.statusCode());
        assertEquals("this dag node is a directory", json.readTree(dir.body()).get("Message").asText());
        assertEquals(500, call("POST", "/api/v0/cat?arg=/ipfs/" + CID + "/meta").statusCode(), "a sub-directory is a directory too");
        HttpResponse<String> missing = call("POST", "/api/v0/cat?arg=/ipfs/" + CID + "/meta/43.json");
        assertEquals(500, missing.statusCode());
        assertEquals("no link named \"43.json\" under " + CID, json.readTree(missing.body()).get("Message").asText());
        assertTrue(json.readTree(call("POST", "/api/v0/cat?arg=" + CID_V0).body()).get("Message").asText()
                .startsWith("block was not found locally"));

        // path gateway
        HttpResponse<String> viaGateway = call("GET", "/ipfs/" + CID + "/meta/42.json");
        assertEquals(200, viaGateway.statusCode());
        assertEquals("{\"name\":\"42\"}", viaGateway.body());
        assertEquals("/ipfs/" + CID + "/meta/42.json", viaGateway.headers().firstValue("X-Ipfs-Path").orElseThrow());
        HttpResponse<String> listing = call("GET", "/ipfs/" + CID);
        assertEquals(200, listing.statusCode());
        assertTrue(listing.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(404, call("GET", "/ipfs/" + CID + "/meta/43.json").statusCode());
        assertEquals(504, call("GET", "/ipfs/" + CID_V0).statusCode());

        HttpResponse<String> dotted = http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/_sim/content/" + CID + "/a/%2E%2E/b"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, dotted.statusCode(), "no dot segments in simulated content paths");
    }
}
