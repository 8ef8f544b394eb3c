package me.grokme.pinning.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.Alert;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterPeer;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.Pin;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.cluster.PinType;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.RetrievalRecord;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.verify.FakeGateway;
import me.grokme.pinning.verify.FakeGateway.Answer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The probe's repair policy and bounds, on DynamoDB Local with loopback gateways and a cluster that records recovers. */
class ProbeServiceIT {

    private final DynamoDbClient dynamo = DynamoDbLocal.client();
    private final RecordingCluster cluster = new RecordingCluster();
    private String table;
    private int logs;

    @BeforeEach
    void table() {
        table = DynamoDbLocal.newLedgerTable();
    }

    @Test
    void an_unreachable_gateway_is_recorded_and_reported_but_never_repaired() throws IOException {
        String cid = pinned("bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq");
        try (FakeGateway eu = FakeGateway.answering(a -> new Answer(200, "hello".getBytes()))) {
            ProbeReport r = service(Map.of("eu", eu.url().toString(), "us", "http://127.0.0.1:" + closedPort()), Map.of()).run();
            assertEquals(Map.of("us", 1), r.failedRegions());
            assertEquals(0, r.repairs());
            assertEquals(List.of(), cluster.recovered);
            RetrievalRecord rec = new ProbeStore(dynamo, table).load(cid).orElseThrow();
            assertEquals("UNREACHABLE", rec.regions().get("us").reason());
            assertEquals(List.of("eu"), rec.regionsVerified());
        }
    }

    @Test
    void repairs_stop_at_the_cap_and_nothing_starts_after_the_time_budget() throws IOException {
        for (int i = 0; i < 5; i++) {
            pinned(TestCids.raw("content " + i));
        }
        try (FakeGateway notLocal = FakeGateway.answering(a -> new Answer(412, new byte[0]))) {
            ProbeReport r = service(Map.of("eu", notLocal.url().toString()), Map.of("PROBE_MAX_REPAIRS", "2", "PROBE_CONCURRENCY", "1")).run();
            assertEquals(5, r.probed());
            assertEquals(Map.of("eu", 5), r.failedRegions());
            assertEquals(2, r.repairs());
            assertEquals(2, cluster.recovered.size());
            // 5 records + 5 PROBE_FAILED + 2 PROBE_REPAIR events
            assertEquals(12, r.writes());

            // A clock that moves a second at every reading: the budget of 1 s is spent before the first probe could start.
            ProbeReport none = service(Map.of("eu", notLocal.url().toString()), Map.of("PROBE_TIME_BUDGET", "1s"), new TickingClock()).run();
            assertTrue(none.timedOut(), none.toString());
            assertEquals(0, none.probed(), none.toString());
        }
    }

    // ---- helpers ----

    private ProbeService service(Map<String, String> gateways, Map<String, String> extra) {
        return service(gateways, extra, Clock.systemUTC());
    }

    private ProbeService service(Map<String, String> gateways, Map<String, String> extra, Clock clock) {
        Map<String, String> env = new HashMap<>(extra);
        env.put("LEDGER_TABLE", table);
        env.put("CLUSTER_URL", "http://127.0.0.1:9");
        env.put("PROBE_GATEWAYS", String.join(",", gateways.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        env.put("PROBE_PERIOD", "1h");
        env.put("PROBE_RUN_INTERVAL", "1h");
        env.put("PROBE_DAG_PERCENT", "0");
        env.put("PROBE_REQUEST_TIMEOUT", "5s");
        return RetrievalProbeApp.build(ProbeConfig.fromEnvironment(env), dynamo, cluster, clock, new Random(1),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    private String pinned(String cid) {
        DynamoDbLedger ledger = new DynamoDbLedger(dynamo, table, Clock.systemUTC());
        logs++;
        ledger.recordMint(new MintRecord(new LogKey(1, String.format("0x%064x", logs), 0), Integer.toString(logs), cid, "genesis", 3, 5,
                logs, "", "logs"));
        ledger.markSubmitted(cid, Instant.now());
        ledger.markPinned(cid, Instant.now());
        return cid;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Each reading is one second after the last. */
    static final class TickingClock extends Clock {
        private final java.util.concurrent.atomic.AtomicLong seconds = new java.util.concurrent.atomic.AtomicLong(1_800_000_000L);

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochSecond(seconds.incrementAndGet());
        }
    }

    /** Raw-codec CIDs of given text, built independently of the code under test. */
    static final class TestCids {
        static String raw(String text) {
            try {
                byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes());
                byte[] b = new byte[36];
                b[0] = 0x01;
                b[1] = 0x55;
                b[2] = 0x12;
                b[3] = 0x20;
                System.arraycopy(d, 0, b, 4, 32);
                return Cid.fromBytes(b).toString();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Records recover calls; the probe uses nothing else of the cluster. */
    static final class RecordingCluster implements ClusterClient {
        final List<Cid> recovered = new CopyOnWriteArrayList<>();

        @Override
        public GlobalPinInfo recover(Cid cid) {
            recovered.add(cid);
            return new GlobalPinInfo(cid.toString(), "", List.of(), List.of(), Instant.EPOCH, Map.of(), Map.of());
        }

        @Override
        public Pin pin(Cid cid, PinOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean unpin(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public GlobalPinInfo status(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long statusAll(StatusQuery query, Consumer<? super GlobalPinInfo> consumer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Pin> allocation(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long allocations(Set<PinType> filter, Consumer<? super Pin> consumer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long peers(Consumer<? super ClusterPeer> consumer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ClusterPeer id() {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Metric> metrics(String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Alert> alerts() {
            throw new UnsupportedOperationException();
        }
    }
}
