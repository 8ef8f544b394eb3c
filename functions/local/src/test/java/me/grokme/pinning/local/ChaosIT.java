package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.sweep.HealthState;
import me.grokme.pinning.sweep.SweepReport;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The end-to-end scenario through the local runner's real HTTP routes, in simulated time: mints delivered
 * through every provider 1–3 times in random order, the cluster unavailable for a stretch, a whole region
 * down, a peer coming back; sweeps until stable. {@code -Dchaos.mints=10000} for the full-size run.
 */
class ChaosIT {

    private static final List<String> PROVIDERS = List.of("alchemy", "quicknode", "moralis", "logs");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void everyMintEndsUpPinnedAtItsMinimumInTwoRegionsWithExactlyOneLedgerEntry() throws Exception {
        int mints = Integer.getInteger("chaos.mints", 600);
        ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));
        LocalSystem.Options options = new LocalSystem.Options(0, 0, 6, Duration.ofSeconds(20), Duration.ZERO,
                Map.of("MAX_REPAIRS_PER_SWEEP", "5000")).with(clock, new PrintStream(new ByteArrayOutputStream()));
        try (LocalSystem system = LocalSystem.start(options)) {
            ClusterSimulator sim = system.simulator();
            Random random = new Random(42);
            List<int[]> deliveries = new ArrayList<>(); // {token, provider}
            for (int t = 1; t <= mints; t++) {
                int copies = 1 + random.nextInt(3);
                for (int c = 0; c < copies; c++) {
                    deliveries.add(new int[] {t, random.nextInt(PROVIDERS.size())});
                }
            }
            Collections.shuffle(deliveries, random);
            Map<Integer, Integer> statuses = new TreeMap<>();
            int outageStart = deliveries.size() / 3;
            for (int i = 0; i < deliveries.size(); i++) {
                if (i == outageStart) {
                    sim.failNext(deliveries.size() / 6, 503, "/pins"); // the cluster is unavailable for a stretch
                }
                int token = deliveries.get(i)[0];
                String provider = PROVIDERS.get(deliveries.get(i)[1]);
                Deliveries.Mint mint = new Deliveries.Mint(Deliveries.CONTRACT, token, "ipfs://" + TestCids.raw(token),
                        Deliveries.tx(token), 0, 21_000_000 + token, false);
                String body = Deliveries.body(provider, List.of(mint));
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/" + provider))
                        .POST(HttpRequest.BodyPublishers.ofString(body));
                Deliveries.signedHeaders(provider, body, clock.instant().getEpochSecond()).forEach(post::header);
                int status = http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
                statuses.merge(status, 1, Integer::sum);
            }
            assertTrue(statuses.keySet().stream().allMatch(s -> s == 200 || s == 202), statuses.toString());
            assertTrue(statuses.getOrDefault(202, 0) > 0, "the outage was felt: " + statuses);

            clock.advance(Duration.ofSeconds(21));
            sweep(system); // submits what the outage deferred
            sim.peerDown("asia-1");
            sim.peerDown("asia-2"); // a whole region
            clock.advance(Duration.ofMinutes(1));
            int sweeps = 0;
            SweepReport.Completed last;
            do {
                last = sweep(system);
                sweeps++;
                clock.advance(Duration.ofMinutes(5));
            } while (last.states().getOrDefault(HealthState.HEALTHY, 0L) < mints && sweeps < 30);
            int sweepsWithRegionDown = sweeps;
            sim.peerUp("asia-1"); // a peer returns
            clock.advance(Duration.ofMinutes(1));
            SweepReport.Completed after = sweep(system);

            // Ground truth from the simulator: every CID pinned on ≥ 3 live peers in ≥ 2 regions.
            for (int t = 1; t <= mints; t++) {
                Cid cid = TestCids.raw(t);
                ClusterSimulator.PinTruth truth = sim.truth(cid).orElseThrow(() -> new AssertionError("lost " + cid));
                Set<String> regions = new HashSet<>();
                long pinned = truth.statusByPeer().entrySet().stream().filter(e -> e.getValue().equals("pinned"))
                        .peek(e -> regions.add(e.getKey().substring(0, e.getKey().indexOf('-')))).count();
                assertTrue(pinned >= 3 && regions.size() >= 2, cid + " " + truth.statusByPeer());
            }
            // Exactly one ledger entry per log, one request per CID, all confirmed.
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            system.dynamoDb().scanPaginator(s -> s.tableName(LocalSystem.LEDGER_TABLE)).items().forEach(items::add);
            assertEquals(mints, items.stream().filter(i -> i.get("PK").s().startsWith("LOG#")).count());
            Map<String, Long> states = new TreeMap<>();
            Map<String, Long> attempts = new TreeMap<>();
            items.stream().filter(i -> i.get("SK").s().equals("PIN")).forEach(i -> {
                states.merge(i.get("state").s(), 1L, Long::sum);
                attempts.merge(i.get("attempts").n(), 1L, Long::sum);
            });
            assertEquals(Map.of("PINNED", (long) mints), states, "one request per CID, every one confirmed");
            assertTrue(attempts.keySet().stream().anyMatch(a -> !a.equals("0")), "the outage made some first attempts fail: " + attempts);
            // Failure events for the outage; the dashboard equals the ground truth.
            JsonNode status = json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            String events = status.get("failure_events").toString();
            assertTrue(events.contains("peer_down") && events.contains("peer_up"), events);
            assertEquals(mints, status.get("pins").get("total_cids").asInt());
            assertEquals(mints, status.get("pins").get("fully_replicated").asInt());
            assertEquals(mints, after.states().getOrDefault(HealthState.HEALTHY, 0L));
            System.out.printf("chaos: %d mints, %d deliveries %s, failed first attempts by count %s, healthy after %d sweep(s) with a"
                    + " region down, peers down at the end %d%n", mints, deliveries.size(), statuses, attempts, sweepsWithRegionDown,
                    after.peersDown());
        }
    }

    private SweepReport.Completed sweep(LocalSystem system) throws Exception {
        return (SweepReport.Completed) system.sweep().run("chaos");
    }
}
