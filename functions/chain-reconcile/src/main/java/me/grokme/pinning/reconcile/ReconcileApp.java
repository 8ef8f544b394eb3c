package me.grokme.pinning.reconcile;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.grokme.pinning.chain.ChainRpc;
import me.grokme.pinning.chain.LazyChainRpc;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.deep.DeepPinService;
import me.grokme.pinning.deep.HttpContentFetcher;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.lifecycle.SnapStartHooks;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretResolver;
import okhttp3.OkHttpClient;

/** The chain reconciliation's composition root. */
public final class ReconcileApp {

    private ReconcileApp() {
    }

    public static ReconcileService fromEnvironment(Map<String, String> environment) {
        ReconcileConfig config = ReconcileConfig.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        AwsSecretResolver secrets = AwsSecretResolver.standard(clock);
        OkHttpClusterClient cluster = new OkHttpClusterClient(clusterConfig(config, secrets));
        // Pooled connections do not survive a SnapStart restore: drop them (and cached secrets) after one.
        OkHttpClient http = new OkHttpClient();
        SnapStartHooks.register(() -> {
            secrets.clear();
            cluster.evictConnections();
            http.connectionPool().evictAll();
        });
        Ledger ledger = new DynamoDbLedger(DynamoDbClients.create(config.dynamoDbEndpoint()), config.ledgerTable(), clock);
        LazyChainRpc rpc = new LazyChainRpc(config.rpcUrl(), secrets, http, config.rpcTimeout(), config.settings().chainId());
        return build(config, ledger, rpc, rpc::requestCount, cluster, http, clock, System.out);
    }

    /**
     * Wiring with the given ledger, chain and cluster (tests, local runner, benchmarks); {@code http} is the
     * client (connection pool, threads) metadata reads share with the chain's.
     */
    public static ReconcileService build(ReconcileConfig config, Ledger ledger, ChainRpc rpc, LongSupplier rpcCalls,
            ClusterClient cluster, OkHttpClient http, Clock clock, PrintStream logs) {
        JsonLog log = new JsonLog("chain-reconcile", "reconcile", logs, clock);
        MintIntake intake = new MintIntake(ledger, cluster, rpc, config.mint().policy(), clock, log);
        ChainReconciler reconciler = new ChainReconciler(rpc, config.mint().decoder(), intake, ledger, config.mint().contracts(),
                config.settings(), clock, log);
        Optional<DeepPinService> deep = config.mint().policy().deepPinning()
                ? config.contentSource().map(source -> new DeepPinService(ledger,
                        new HttpContentFetcher(http.newBuilder().callTimeout(config.deepPin().fetchTimeout()).build(), source.url(),
                                source.dialect()),
                        cluster, config.mint().policy(), config.deepPin(), clock, log))
                : Optional.empty();
        TokenRangeWorker ranges = new TokenRangeWorker(ledger, rpc, intake, config.settings(), clock, log);
        return new ReconcileService(reconciler, ranges, deep, config.timeBudget(), rpcCalls, clock, log, new Emf(config.metricsNamespace(), logs, clock));
    }

    public static ClusterClientConfig clusterConfig(ReconcileConfig config, SecretResolver secrets) {
        ClusterAuth auth = ClusterAuth.fromSecret(config.clusterCredentials(), secrets);
        Duration t = Duration.ofSeconds(5);
        return ClusterClientConfig.builder(config.clusterUrls()).auth(auth).timeouts(t, t, t.multipliedBy(2))
                .streams(t, ClusterClientConfig.DEFAULT_STREAM_DEADLINE).retries(1, Duration.ofMillis(200)).build();
    }
}
