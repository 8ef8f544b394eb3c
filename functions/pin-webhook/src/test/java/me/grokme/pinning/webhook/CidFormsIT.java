package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import me.grokme.pinning.ledger.TokenRef;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.DecodeOutcome;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.IntakePolicy;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The CIDv0 ({@code Qm…}) and CIDv1 ({@code bafy…}) forms of one content are one pin request and one cluster pin. */
class CidFormsIT {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private ClusterSimulator sim;
    private DynamoDbLedger ledger;
    private MintIntake intake;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3));
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), DynamoDbLocal.newLedgerTable(), clock);
        intake = new MintIntake(ledger, new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
                Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10))),
                TokenUriSource.unconfigured("event mode"), new IntakePolicy("genesis", 3, 5, false), clock,
                new JsonLog("test", "intake", new PrintStream(new ByteArrayOutputStream()), clock));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private void mint(int token, String uri) {
        MintIntake.Batch batch = intake.batch("logs", "req-" + token);
        String word = String.format("0x%064x", token);
        ChainLog log = new ChainLog(1, "0x" + "ab".repeat(20), List.of(word, word), "0x", 100 + token, word, word, 0, false,
                Optional.empty());
        batch.add(new DecodeOutcome.Mint(BigInteger.valueOf(token), uri, log), log);
        batch.submit();
    }

    @Test
    void both_forms_of_one_content_share_one_request_and_one_cluster_pin_keyed_by_the_cidv1() {
        Cid v1 = TestCids.dagPb(7);
        Cid v0 = v1.toV0().orElseThrow();
        mint(1, "ipfs://" + v0);
        mint(2, "ipfs://" + v1);
        mint(3, "https://ipfs.io/ipfs/" + v0 + "/meta.json");

        assertEquals(1, sim.pinCount(), "one cluster pin for the content");
        assertEquals(Set.of("1", "2", "3"), ledger.findPin(v1.toString()).orElseThrow().tokenIds());
        assertTrue(ledger.findPin(v0.toString()).isEmpty(), "nothing under the CIDv0 form");
        assertEquals(List.of(v1.toString()), ledger.cidsForToken(new TokenRef("genesis", "1")));
    }

    @Test
    void content_recorded_under_its_cidv0_before_keeps_its_request_whichever_form_comes_next() {
        Cid v1 = TestCids.dagPb(8);
        Cid v0 = v1.toV0().orElseThrow();
        // As the ledger recorded a Qm… token URI before content was keyed by its CIDv1.
        ledger.recordMint(new MintRecord(new LogKey(1, "0x" + "cd".repeat(32), 0), "1", v0.toString(), "genesis", 3, 5, 90, "", "logs"));
        mint(2, "ipfs://" + v1);
        mint(3, "ipfs://" + v0);

        assertEquals(1, sim.pinCount(), "the legacy request is sent once, under its own CID");
        assertEquals(Set.of("1", "2", "3"), ledger.findPin(v0.toString()).orElseThrow().tokenIds());
        assertTrue(ledger.findPin(v1.toString()).isEmpty(), "no second request for the same content");
    }
}
