package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.DecodeOutcome;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.ClusterBudget;
import me.grokme.pinning.mint.IntakePolicy;
import me.grokme.pinning.mint.LogOutcome;
import me.grokme.pinning.mint.LogResult;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.testing.DynamoDbLocal;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link MintIntake.Batch#submit(ClusterBudget)} on a simulated monotonic clock: every pin call "takes" 100 ms, so
 * what fits a budget is exact, with no wall clock involved.
 */
class MintIntakeBudgetIT {

    private static final Duration CALL = Duration.ofMillis(100);
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    private final AtomicLong nanos = new AtomicLong();
    private ClusterSimulator sim;
    private DynamoDbLedger ledger;
    private MintIntake intake;

    @BeforeEach
    void setUp() {
        sim = ClusterSimulator.start(SimulatorConfig.ofPeers(3));
        ledger = new DynamoDbLedger(DynamoDbLocal.client(), DynamoDbLocal.newLedgerTable(), clock);
        ClusterClient real = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)));
        // Each pin call moves the budget's clock on by CALL: a JDK proxy, not a mock framework.
        ClusterClient timed = (ClusterClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ClusterClient.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("pin")) {
                        nanos.addAndGet(CALL.toNanos());
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        intake = new MintIntake(ledger, timed, TokenUriSource.unconfigured("event mode"), new IntakePolicy("genesis", 3, 5, false), clock,
                new JsonLog("test", "intake", new PrintStream(new ByteArrayOutputStream()), clock));
    }

    @AfterEach
    void tearDown() {
        sim.close();
    }

    private MintIntake.Batch record(int n) {
        MintIntake.Batch batch = intake.batch("logs", "req-" + n);
        for (int i = 1; i <= n; i++) {
            String word = String.format("0x%064x", i);
            ChainLog log = new ChainLog(1, "0x" + "ab".repeat(20), List.of(word, word), "0x", 100 + i, word, word, 0, false,
                    Optional.empty());
            batch.add(new DecodeOutcome.Mint(BigInteger.valueOf(i), "ipfs://" + TestCids.raw(i), log), log);
        }
        return batch;
    }

    private long inState(int n, PinState state) {
        long c = 0;
        for (int i = 1; i <= n; i++) {
            if (ledger.findPin(TestCids.raw(i).toString()).orElseThrow().state() == state) {
                c++;
            }
        }
        return c;
    }

    @Test
    void aOneSecondBudgetSendsTheTenCallsThatFitAndLeavesTheRestDueForTheSweep() {
        MintIntake.Batch batch = record(25);
        batch.submit(ClusterBudget.of(Duration.ofSeconds(1), nanos::get));

        assertEquals(10, sim.pinCount());
        assertEquals(10, inState(25, PinState.SUBMITTED));
        assertEquals(15, inState(25, PinState.PENDING));
        assertEquals(15, batch.leftPending());
        assertTrue(batch.deferred(), "pins left for the sweep: the webhook answers 202");
        assertEquals(15, ledger.pendingDue(clock.instant(), 100).size(), "due now");
        List<LogResult> results = batch.results();
        assertEquals(10, results.stream().filter(r -> r.outcome() == LogOutcome.PINNED).count());
        assertTrue(results.stream().filter(r -> r.outcome() == LogOutcome.ACCEPTED)
                .allMatch(r -> r.reason().equals(Optional.of(MintIntake.LEFT_FOR_SWEEP))));
    }

    @Test
    void aZeroBudgetSendsNothingAndUnlimitedSendsEverything() {
        MintIntake.Batch none = record(5);
        none.submit(ClusterBudget.of(Duration.ZERO, nanos::get));
        assertEquals(0, sim.pinCount());
        assertEquals(5, none.leftPending());

        MintIntake.Batch redelivered = record(5); // a redelivery doubles as the retry trigger for PENDING requests
        redelivered.submit(ClusterBudget.unlimited());
        assertEquals(5, sim.pinCount());
        assertEquals(0, redelivered.leftPending());
        assertFalse(redelivered.deferred());
    }
}
