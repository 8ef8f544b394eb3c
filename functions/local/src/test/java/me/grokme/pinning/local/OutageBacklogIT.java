package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.IdleClosingProxy;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.drain.DrainReport;
import me.grokme.pinning.drain.PinDrain;
import me.grokme.pinning.sweep.HealthState;
import me.grokme.pinning.sweep.SweepReport;
import me.grokme.pinning.testing.TestCids;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * RELIABILITY.md's "outage backlog" scenario, through the local runner's routes with the cluster behind a proxy that
 * closes idle keep-alive connections: mints keep arriving through a 10-minute outage (simulated time: the clock moves
 * a minute per wave of deliveries), each delivered one to three times by concurrent senders; the pin drain runs every
 * simulated minute and the sweep every five, as deployed. Asserts every mint pinned exactly once, no sweep ever thrown
 * or failing a step once the cluster is back, the dashboard never calling a pending pin safe, and the backlog drained
 * by the first drain after the return. {@code -Doutage.mints=N} for another size.
 */
class OutageBacklogIT {

    private static final List<String> PROVIDERS = List.of("alchemy", "quicknode", "moralis", "logs");
    private static final Set<String> CLUSTER_STEPS = Set.of("observe_peers", "status_pass", "repair", "resubmit_missing");
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ManualClock clock = new ManualClock(Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP));

    @Test
    void everyMintDeliveredThroughAnOutageIsPinnedOnceAndTheDashboardNeverCallsItSafeEarly() throws Exception {
        int mints = Integer.getInteger("outage.mints", 1000);
        int simPort = freePort();
        try (IdleClosingProxy proxy = new IdleClosingProxy(simPort, Duration.ofMillis(100));
                LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, simPort, 3, Duration.ofSeconds(20), Duration.ZERO,
                        Map.of("CLUSTER_URL", proxy.url(), "MAX_REPAIRS_PER_SWEEP", "200")).with(clock, new PrintStream(new ByteArrayOutputStream())))) {
            ClusterSimulator sim = system.simulator();
            Random random = new Random(13);
            List<List<int[]>> waves = waves(mints, 10, random);

            sim.failNext(Integer.MAX_VALUE, 503, "/"); // the cluster, behind its proxy, answers 503 for ten minutes
            Map<Integer, Integer> answers = new TreeMap<>();
            for (int minute = 1; minute <= 10; minute++) {
                answers = merge(answers, deliver(system, waves.get(minute - 1)));
                clock.advance(Duration.ofMinutes(1));
                assertInstanceOf(DrainReport.ClusterDown.class, system.drain().run("minute-" + minute, PinDrain.Mode.DUE, Duration.ofSeconds(40)));
                if (minute % 5 == 0) {
                    SweepReport.Completed s = sweep(system);
                    assertTrue(s.failedSteps().stream().allMatch(f -> CLUSTER_STEPS.contains(f.step())),
                            "during the outage only the steps that need the cluster fail: " + s.failedSteps());
                    JsonNode status = status(system);
                    assertNotEquals("none", status.at("/status/indicator").asText(), status.at("/status").toString());
                    assertFalse(status.at("/status/description").asText().contains("fully replicated"), status.at("/status").toString());
                    assertEquals(distinctSoFar(waves, minute), status.at("/pins/pending").asLong() + status.at("/pins/deferred").asLong(),
                            "every recorded mint shown as not yet safe: " + status.get("pins"));
                }
            }
            assertTrue(answers.keySet().stream().allMatch(s -> s == 202 || s == 200), answers.toString());
            assertEquals(0, sim.requestCount("POST", "/pins/ipfs/{path}"), "nothing reached the cluster during the outage");

            sim.clearFaults(); // the cluster returns
            proxy.awaitNoOpenConnections(); // every pooled connection went idle and the proxy closed it
            int idleClosedBefore = proxy.idleClosed();
            assertTrue(idleClosedBefore > 0, "connections went idle behind the proxy");
            clock.advance(Duration.ofSeconds(30)); // the next one-minute drain
            long drainStart = System.nanoTime();
            List<Map<String, Integer>> drains = new ArrayList<>();
            while (system.ledgerCounts().getOrDefault("pin_pending", 0L) > 0 && drains.size() < 10) {
                drains.add(((DrainReport.Drained) system.drain().run("after-" + drains.size(), PinDrain.Mode.DUE, Duration.ofSeconds(40))).outcomes());
            }
            double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
            assertEquals(mints, drains.stream().mapToInt(d -> d.getOrDefault("submitted", 0)).sum(), "drained: " + drains);
            assertTrue(drains.stream().allMatch(d -> d.getOrDefault("deferred", 0) == 0 && d.getOrDefault("refused", 0) == 0),
                    "no pin failed on a connection the proxy had closed: " + drains);
            JsonNode submitted = status(system); // the dashboard before any sweep saw the pins
            assertNotEquals("All content fully replicated", submitted.at("/status/description").asText());

            clock.advance(Duration.ofSeconds(21)); // the simulator's pin delay
            SweepReport.Completed last = null;
            for (int i = 0; i < 3 && (last == null || last.states().getOrDefault(HealthState.HEALTHY, 0L) < mints); i++) {
                last = sweep(system);
                assertEquals(List.of(), last.failedSteps(), "no sweep step fails once the cluster is back");
                clock.advance(Duration.ofMinutes(5));
            }
            assertEquals(mints, last.states().getOrDefault(HealthState.HEALTHY, 0L));
            assertEquals(mints, sim.requestCount("POST", "/pins/ipfs/{path}"), "each mint's CID sent to the cluster exactly once");
            for (int t = 1; t <= mints; t++) {
                assertTrue(sim.truth(TestCids.raw(t)).isPresent(), "pinned: token " + t);
            }
            assertEquals(Map.of("log_accepted", (long) mints, "pin_pinned", (long) mints), system.ledgerCounts());
            JsonNode done = status(system);
            assertEquals(0, done.at("/pins/not_yet_safe").asLong(), done.get("pins").toString());
            assertEquals(mints, done.at("/pins/fully_replicated").asLong());
            assertEquals("All content fully replicated", done.at("/status/description").asText());
            System.out.printf("outage backlog: %d mints, %d deliveries %s during a 10-minute outage; the first drain after the return "
                    + "submitted them in %d run(s) %s, %.1f s; proxy closed %d idle connections%n", mints,
                    waves.stream().mapToInt(List::size).sum(), answers, drains.size(), drains, drainSeconds, proxy.idleClosed());
        }
    }

    /** Each mint delivered 1-3 times (through random providers), shuffled, split into {@code n} waves (one per minute). */
    private static List<List<int[]>> waves(int mints, int n, Random random) {
        List<List<int[]>> out = new ArrayList<>();
        int per = (mints + n - 1) / n;
        for (int w = 0; w < n; w++) {
            List<int[]> wave = new ArrayList<>();
            for (int t = w * per + 1; t <= Math.min(mints, (w + 1) * per); t++) {
                for (int c = 1 + random.nextInt(3); c > 0; c--) {
                    wave.add(new int[] {t, random.nextInt(PROVIDERS.size())});
                }
            }
            Collections.shuffle(wave, random);
            out.add(wave);
        }
        return out;
    }

    private static long distinctSoFar(List<List<int[]>> waves, int minutes) {
        return waves.subList(0, minutes).stream().flatMap(List::stream).mapToInt(d -> d[0]).distinct().count();
    }

    /** One wave from 8 concurrent senders: copies of one mint may be in flight at the same moment. */
    private Map<Integer, Integer> deliver(LocalSystem system, List<int[]> wave) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> sent = new ArrayList<>();
            for (int[] d : wave) {
                sent.add(senders.submit(() -> post(system, d[0], PROVIDERS.get(d[1]))));
            }
            Map<Integer, Integer> answers = new TreeMap<>();
            for (Future<Integer> f : sent) {
                answers.merge(f.get(), 1, Integer::sum);
            }
            return answers;
        } finally {
            senders.shutdown();
        }
    }

    private int post(LocalSystem system, int token, String provider) throws Exception {
        Deliveries.Mint mint = new Deliveries.Mint(Deliveries.CONTRACT, token, "ipfs://" + TestCids.raw(token), Deliveries.tx(token), 0,
                21_000_000 + token, false);
        String body = Deliveries.body(provider, List.of(mint));
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/" + provider))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Deliveries.signedHeaders(provider, body, clock.instant().getEpochSecond()).forEach(post::header);
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static Map<Integer, Integer> merge(Map<Integer, Integer> a, Map<Integer, Integer> b) {
        Map<Integer, Integer> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Integer::sum));
        return out;
    }

    private JsonNode status(LocalSystem system) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/status")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static SweepReport.Completed sweep(LocalSystem system) {
        return assertInstanceOf(SweepReport.Completed.class, system.sweep().run("outage-backlog"));
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
