package me.grokme.pinning.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.chain.Web3jChainRpc;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.reconcile.ReconcileApp;
import me.grokme.pinning.reconcile.ReconcileConfig;
import me.grokme.pinning.reconcile.ReconcileReport;
import me.grokme.pinning.reconcile.ReconcileService;
import me.grokme.pinning.reconcile.StreamReport;
import me.grokme.pinning.testing.TestCids;
import okhttp3.OkHttpClient;

/**
 * Issue #7: backfill of N mint events from ganache, end to end — eth_getLogs → decode → ledger transaction
 * (DynamoDB Local as a loopback server) → cluster pin (simulator) → ledger state and history — reporting
 * events/s and JSON-RPC calls, once with wide ranges and once with a node that only serves a few blocks per
 * eth_getLogs (as free RPC tiers do).
 *
 * <p>Usage: {@code BackfillBenchmark [events=10000] [perTx=200] [narrowRange=5]}.
 */
public final class BackfillBenchmark {

    private BackfillBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int perTx = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int narrow = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println("machine: " + Machine.describe());
        try (Ganache ganache = Ganache.start(); ColdStarts.LocalDynamo dynamo = ColdStarts.startDynamo()) {
            String contract = ganache.deploy("GrokmeGenesis");
            long start = ganache.blockNumber();
            long t0 = System.nanoTime();
            int minted = 0;
            int tx = 0;
            while (minted < events) {
                List<String> uris = new ArrayList<>();
                for (int i = 0; i < perTx && minted < events; i++, minted++) {
                    uris.add("ipfs://" + TestCids.raw(minted));
                }
                ganache.mintBatch(contract, uris);
                tx++;
            }
            System.out.printf("minted %,d events in %,d transactions / blocks %d..%d in %.1f s%n", events, tx, start + 1, ganache.blockNumber(),
                    (System.nanoTime() - t0) / 1e9);
            System.out.println();
            System.out.println("| max range | parallelism | events | blocks | wall s | events/s | eth_getLogs ranges | JSON-RPC calls | cluster pins |");
            System.out.println("|---|---|---|---|---|---|---|---|---|");
            // Baseline first: one log at a time, as the webhook records a delivery.
            run(ganache, dynamo, contract, start, 2000, 1, events);
            run(ganache, dynamo, contract, start, 2000, 8, events);
            run(ganache, dynamo, contract, start, narrow, 8, events);
        }
    }

    private static void run(Ganache ganache, ColdStarts.LocalDynamo dynamo, String contract, long start, int range, int parallelism,
            int events) throws Exception {
        String table = "backfill-" + range + "-" + parallelism;
        LedgerTable.createIfMissing(dynamo.client(), table);
        try (ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withPinDelay(Duration.ZERO))) {
            Map<String, String> env = new HashMap<>(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString(),
                    "CHAIN_RPC_URL", "plain:" + ganache.url(), "CHAIN_IDS", Long.toString(Ganache.CHAIN_ID), "CONTRACT_ADDRESSES", contract,
                    "RECONCILE_START_BLOCK", Long.toString(start), "CONFIRMATIONS", "0", "RECONCILE_MAX_RANGE", Integer.toString(range),
                    "RECONCILE_TIME_BUDGET", "1h", "RECONCILE_PARALLELISM", Integer.toString(parallelism)));
            ReconcileConfig config = ReconcileConfig.fromEnvironment(env);
            OkHttpClient http = new OkHttpClient();
            Web3jChainRpc rpc = new Web3jChainRpc(ganache.url(), http, Duration.ofSeconds(60), Ganache.CHAIN_ID);
            OkHttpClusterClient cluster = new OkHttpClusterClient(ClusterClientConfig.defaults(sim.baseUrl(), new ClusterAuth.None()),
                    new OkHttpClient(), d -> { });
            ReconcileService service = ReconcileApp.build(config, new DynamoDbLedger(dynamo.client(), table, Clock.systemUTC()), rpc,
                    rpc::requestCount, cluster, http, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()));
            long t0 = System.nanoTime();
            ReconcileReport report = service.run("bench");
            double seconds = (System.nanoTime() - t0) / 1e9;
            StreamReport s = report.streams().get(0);
            if (s.logs() != events || s.error().isPresent()) {
                throw new IllegalStateException("backfill incomplete: " + s);
            }
            System.out.printf("| %,d blocks | %d | %,d | %,d | %.1f | %,.0f | %,d | %,d | %,d |%n", range, parallelism, s.logs(),
                    s.checkpoint() - start, seconds, s.logs() / seconds, s.ranges(), report.rpcCalls(),
                    sim.requestCount("POST", "/pins/ipfs/{path}"));
        }
    }
}
