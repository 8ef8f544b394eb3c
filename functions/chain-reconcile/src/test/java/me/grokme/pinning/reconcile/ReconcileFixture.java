package me.grokme.pinning.reconcile;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import me.grokme.pinning.chain.Web3jChainRpc;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.testing.DynamoDbLocal;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One reconciliation under test: a fresh ledger table on DynamoDB Local, a fresh cluster simulator, the real
 * web3j client against {@code rpcUrl}, simulated time. Logs are captured for assertions.
 */
final class ReconcileFixture implements AutoCloseable {

    final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T12:00:00Z"));
    final ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions().withClock(clock));
    final ClusterClient cluster = new OkHttpClusterClient(new ClusterClientConfig(sim.baseUrl(), new ClusterAuth.None(),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10), 0, Duration.ofMillis(10)),
            new OkHttpClient(), d -> { });
    final String table = DynamoDbLocal.newLedgerTable();
    final DynamoDbLedger ledger;
    final ByteArrayOutputStream logs = new ByteArrayOutputStream();
    final Web3jChainRpc rpc;
    final ReconcileConfig config;
    final ReconcileService service;

    ReconcileFixture(URI rpcUrl, long chainId, Map<String, String> env) {
        this(rpcUrl, chainId, env, DynamoDbLocal.client());
    }

    /** With the ledger on {@code dynamo} (e.g. a fault-injecting wrapper around DynamoDB Local). */
    ReconcileFixture(URI rpcUrl, long chainId, Map<String, String> env, DynamoDbClient dynamo) {
        ledger = new DynamoDbLedger(dynamo, table, clock);
        Map<String, String> all = new HashMap<>(Map.of("LEDGER_TABLE", table, "CLUSTER_URL", sim.baseUrl().toString(),
                "CHAIN_RPC_URL", "plain:" + rpcUrl, "CHAIN_IDS", Long.toString(chainId)));
        all.putAll(env);
        if ("true".equals(all.get("DEEP_PINNING"))) {
            all.putIfAbsent("CONTENT_SOURCE", "ipfs-api:" + sim.baseUrl());
        }
        config = ReconcileConfig.fromEnvironment(all);
        OkHttpClient http = new OkHttpClient();
        rpc = new Web3jChainRpc(rpcUrl, http, Duration.ofSeconds(10), chainId);
        service = ReconcileApp.build(config, ledger, rpc, rpc::requestCount, cluster, http, clock,
                new PrintStream(logs, true, StandardCharsets.UTF_8));
    }

    String logText() {
        return logs.toString(StandardCharsets.UTF_8);
    }

    long pinPosts() {
        return sim.requestCount("POST", "/pins/ipfs/{path}");
    }

    @Override
    public void close() {
        sim.close();
    }
}
