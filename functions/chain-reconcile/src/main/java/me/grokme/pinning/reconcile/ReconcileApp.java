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
import me.grokme.pinning.mint.IntakePolicy;
import me.grokme.pinning.mint.MintConfig;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.clock.Sleeper;
import java.util.List;
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
        Ledger ledger = new DynamoDbLedger(DynamoDbClients.create(config.dynamoDbEndpoint()), config.ledgerTable(), clock, Sleeper.real(),
                config.mint().tokenKeys());
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
        MintConfig mint = config.mint();
        MintIntake intake = new MintIntake(ledger, cluster, rpc, mint.policies(), clock, log);
        ChainReconciler reconciler = new ChainReconciler(rpc, mint.decoder(), streams(config), intake, ledger, config.settings(), clock, log);
        Optional<DeepPinService> deep = mint.deepPinning()
                ? config.contentSource().map(source -> new DeepPinService(ledger,
                        new HttpContentFetcher(http.newBuilder().callTimeout(config.deepPin().fetchTimeout()).build(), source.url(),
                                source.dialect()),
                        cluster, capsule -> mint.capsule(capsule).map(c -> c.policy(true))
                                // a capsule no longer configured: its name, the first capsule's replication
                                .orElse(new IntakePolicy(capsule, mint.policy().replicationMin(), mint.policy().replicationMax(), true)),
                        config.deepPin(), clock, log))
                : Optional.empty();
        TokenRangeWorker ranges = new TokenRangeWorker(ledger, rpc, intake, config.settings(), clock, log);
        return new ReconcileService(reconciler, ranges, deep, config.timeBudget(), rpcCalls, clock, log, new Emf(config.metricsNamespace(), logs, clock));
    }

    /** A stream per contract of each capsule on the reconciled chain, from that capsule's start block. */
    static List<ChainReconciler.Stream> streams(ReconcileConfig config) {
        long chain = config.settings().chainId();
        return config.mint().capsules().stream().filter(c -> c.spec().chainIds().contains(chain))
                .flatMap(c -> c.spec().contracts().stream().sorted().map(contract -> new ChainReconciler.Stream(c.name(), contract,
                        config.mint().decoder(c).topicFilter(), c.spec().startBlock())))
                .toList();
    }

    public static ClusterClientConfig clusterConfig(ReconcileConfig config, SecretResolver secrets) {
        ClusterAuth auth = ClusterAuth.fromSecret(config.clusterCredentials(), secrets);
        Duration t = Duration.ofSeconds(5);
        return ClusterClientConfig.builder(config.clusterUrls()).auth(auth).timeouts(t, t, t.multipliedBy(2))
                .streams(t, ClusterClientConfig.DEFAULT_STREAM_DEADLINE).retries(1, Duration.ofMillis(200)).build();
    }
}
