package me.grokme.pinning.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.sweep.HealthState;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepReport;
import me.grokme.pinning.sweep.SweepService;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * A peer dies; how many sweeps (5 minutes apart, simulated) until every affected CID is back to
 * its minimum in at least 2 regions — with the cluster's repinning off (the sweep repairs) and on.
 *
 * <p>Usage: {@code RecoveryBenchmark [pins=5000] [maxRepairs=1000]}.
 */
public final class RecoveryBenchmark {

    private RecoveryBenchmark() {
    }

    public static void main(String[] args) {
        int pins = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int maxRepairs = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        AmazonDynamoDBLocal local = DynamoDBEmbedded.create();
        try {
            System.out.println("| cluster repinning | pins | affected | sweeps until healthy | simulated time | sweep repairs |");
            System.out.println("|---|---|---|---|---|---|");
            for (boolean repinning : new boolean[] {false, true}) {
                scenario(local.dynamoDbClient(), pins, maxRepairs, repinning);
            }
        } finally {
            local.shutdown();
        }
    }

    private static void scenario(DynamoDbClient db, int pins, int maxRepairs, boolean repinning) {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
        String table = "recovery-" + repinning;
        LedgerTable.createIfMissing(db, table);
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.ofPeers(6).withClock(clock)
                .withPinDelay(Duration.ofSeconds(30)).withRepinning(repinning))) {
            OkHttpClusterClient client = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
                    Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(2), 0, Duration.ofMillis(10)),
                    new OkHttpClient(), d -> { });
            for (int i = 0; i < pins; i++) {
                byte[] b = new byte[36];
                b[0] = 1;
                b[1] = 0x55;
                b[2] = 0x12;
                b[3] = 32;
                b[32] = (byte) (i >> 24);
                b[33] = (byte) (i >> 16);
                b[34] = (byte) (i >> 8);
                b[35] = (byte) i;
                client.pin(Cid.fromBytes(b), PinOptions.of("genesis-" + i, 3, 3));
            }
            SweepConfig config = SweepConfig.fromEnvironment(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString(),
                    "MAX_REPAIRS_PER_SWEEP", Integer.toString(maxRepairs), "REPAIR_BACKOFF", "4m"));
            SweepService sweep = HealthSweepApp.build(config, db, client, clock, new PrintStream(new ByteArrayOutputStream()));
            clock.advance(Duration.ofSeconds(31));
            sweep.run("prime");
            sim.peerDown("asia-1");
            Instant downAt = clock.instant();
            clock.advance(Duration.ofMinutes(1));
            int sweeps = 0;
            long affected = -1;
            int repairs = 0;
            SweepReport.Completed r;
            do {
                r = (SweepReport.Completed) sweep.run("s" + sweeps);
                sweeps++;
                if (affected < 0) {
                    affected = pins - r.states().getOrDefault(HealthState.HEALTHY, 0L);
                }
                repairs += r.repairCount();
                if (r.states().getOrDefault(HealthState.HEALTHY, 0L) < pins) {
                    clock.advance(Duration.ofMinutes(5));
                }
            } while (r.states().getOrDefault(HealthState.HEALTHY, 0L) < pins && sweeps < 100);
            System.out.printf("| %s | %,d | %,d | %d | %s | %,d |%n", repinning ? "on" : "off (default)", pins, affected, sweeps,
                    Duration.between(downAt, clock.instant()), repairs);
        }
    }
}
