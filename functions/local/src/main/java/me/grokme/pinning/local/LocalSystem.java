package me.grokme.pinning.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.chain.LazyChainRpc;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.devchain.Ganache;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.devcluster.RealClusterConfig;
import me.grokme.pinning.drain.DrainConfig;
import me.grokme.pinning.probe.ProbeConfig;
import me.grokme.pinning.probe.ProbeService;
import me.grokme.pinning.probe.RetrievalProbeApp;
import me.grokme.pinning.drain.PinDrain;
import me.grokme.pinning.drain.PinDrainApp;
import me.grokme.pinning.drain.PinDrainHandler;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.reconcile.ReconcileApp;
import me.grokme.pinning.reconcile.ReconcileConfig;
import me.grokme.pinning.reconcile.ReconcileHandler;
import me.grokme.pinning.reconcile.ReconcileService;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.status.StatusApp;
import me.grokme.pinning.status.StatusConfig;
import me.grokme.pinning.status.StatusHandler;
import me.grokme.pinning.sweep.HealthSweepApp;
import me.grokme.pinning.sweep.HealthSweepHandler;
import me.grokme.pinning.sweep.SweepConfig;
import me.grokme.pinning.sweep.SweepService;
import me.grokme.pinning.webhook.PinWebhookApp;
import me.grokme.pinning.webhook.PinWebhookHandler;
import me.grokme.pinning.webhook.WebhookConfig;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The whole system on one machine, on embedded defaults: DynamoDB Local in-process, the cluster simulator
 * on loopback, and the local API gateway. The composition root for local runs; functions are registered
 * on it as routes and periodic tasks. With {@code LOCAL_REAL_CLUSTER=true} (bin/local --real-cluster) a real
 * 3-peer IPFS Cluster (ipfs-cluster-service + kubo, {@link RealCluster}) takes the simulator's place.
 */
public final class LocalSystem implements AutoCloseable {

    /**
     * What to start. {@code environment} overrides the functions' local defaults (e.g. CONTRACT_ADDRESSES,
     * CHAIN_IDS, *_SIGNING_KEY as {@code plain:…}).
     */
    public record Options(int gatewayPort, int simulatorPort, int peers, Duration pinDelay, Duration sweepInterval,
            Map<String, String> environment, Clock clock, PrintStream logs) {
        public Options {
            environment = Map.copyOf(environment);
        }

        public Options(int gatewayPort, int simulatorPort, int peers, Duration pinDelay, Duration sweepInterval,
                Map<String, String> environment) {
            this(gatewayPort, simulatorPort, peers, pinDelay, sweepInterval, environment, Clock.systemUTC(), System.out);
        }

        public static Options defaults() {
            return new Options(8080, 9094, 3, Duration.ofSeconds(2), Duration.ofSeconds(60), Map.of());
        }

        /** The same system on a given clock (simulated time for scenario tests) and log sink. */
        public Options with(Clock c, PrintStream sink) {
            return new Options(gatewayPort, simulatorPort, peers, pinDelay, sweepInterval, environment, c, sink);
        }
    }

    /** The ledger table the local functions share. */
    public static final String LEDGER_TABLE = "grokme-pinning-local";

    /**
     * Local defaults: the sample contract and the documented test secrets of events/README.md, so the
     * sample events work against a local run out of the box.
     */
    static Map<String, String> webhookEnvironment(String clusterUrl, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LEDGER_TABLE", LEDGER_TABLE);
        env.put("CLUSTER_URL", clusterUrl);
        env.put("CONTRACT_ADDRESSES", "0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b");
        env.put("CHAIN_IDS", "1");
        env.put("ALCHEMY_SIGNING_KEY", "plain:whsec_grokme_test_key");
        env.put("QUICKNODE_SECURITY_TOKEN", "plain:qnsec_grokme_test_token");
        env.put("MORALIS_STREAMS_SECRET", "plain:grokme_streams_secret");
        env.put("LOGS_SIGNING_SECRET", "plain:grokme_logs_test_secret");
        return withEnvironment(env, overrides);
    }

    /**
     * {@code defaults} under the runner's whole {@code environment}, as a deployed function gets its whole environment:
     * each function's configuration reads the variables it knows and ignores the rest, so no list here has to follow
     * theirs (a variable left out of such a list was silently dropped locally).
     */
    static Map<String, String> withEnvironment(Map<String, String> defaults, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>(defaults);
        if (!environment.getOrDefault("CAPSULES", "").isBlank()) {
            // CAPSULES names every contract and chain: the one-capsule defaults would contradict it.
            env.remove("CONTRACT_ADDRESSES");
            env.remove("CHAIN_IDS");
        }
        env.putAll(environment);
        return env;
    }

    static Map<String, String> sweepEnvironment(String clusterUrl, Duration interval, Map<String, String> environment) {
        return withEnvironment(Map.of("LEDGER_TABLE", LEDGER_TABLE, "CLUSTER_URL", clusterUrl,
                "SWEEP_INTERVAL", (interval.isZero() ? 300 : interval.toSeconds()) + "s"), environment);
    }

    private final AmazonDynamoDBLocal dynamoLocal;
    private final DynamoDbClient dynamoDb;
    private final Optional<ClusterSimulator> simulator;
    private final Optional<RealCluster> realCluster;
    private final ClusterEndpoint cluster;
    private final LocalGateway gateway;
    private final SweepService sweep;
    private final PinDrain drain;
    private final Optional<ProbeService> probe;
    private final Optional<Ganache> ganache;
    private final Optional<String> chainContract;
    /** With two capsules: the ERC-721 contract of capsule frames. */
    private final Optional<String> framesContract;
    private final Optional<ReconcileService> reconcile;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("local-timer").factory());

    private LocalSystem(Options options) throws IOException {
        this.dynamoLocal = DynamoDBEmbedded.create();
        this.dynamoDb = dynamoLocal.dynamoDbClient();
        Map<String, String> environment = new LinkedHashMap<>(options.environment());
        boolean real = "true".equals(environment.get("LOCAL_REAL_CLUSTER"));
        this.realCluster = real ? Optional.of(RealCluster.start(RealClusterConfig.threeRegions(
                Path.of(environment.getOrDefault("LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/local")).toAbsolutePath())
                .withClusterEnv(peerEnvironment(environment)))) : Optional.empty();
        this.simulator = real ? Optional.empty() : Optional.of(ClusterSimulator.start(SimulatorConfig.ofPeers(options.peers())
                .withPort(options.simulatorPort()).withPinDelay(options.pinDelay()).withClock(options.clock())));
        this.cluster = realCluster.map(ClusterEndpoint::of).orElseGet(() -> ClusterEndpoint.of(simulator.orElseThrow()));
        cluster.credentials().ifPresent(c -> environment.putIfAbsent("CLUSTER_CREDENTIALS", c));
        this.gateway = new LocalGateway(options.gatewayPort());
        LedgerTable.createIfMissing(dynamoDb, LEDGER_TABLE);
        Clock clock = options.clock();
        this.ganache = chainEnvironment(environment, cluster.contentSource());
        this.chainContract = ganache.map(g -> environment.get("LOCAL_GENESIS_CONTRACT"));
        this.framesContract = ganache.map(g -> environment.get("LOCAL_FRAMES_CONTRACT"));
        WebhookConfig webhookConfig = WebhookConfig.fromEnvironment(webhookEnvironment(cluster.url(), environment));
        PinWebhookHandler webhook = new PinWebhookHandler(PinWebhookApp.builder(webhookConfig,
                new DynamoDbLedger(dynamoDb, LEDGER_TABLE, clock), SecretResolver.plainOnly()).clock(clock).logs(options.logs()).build());
        gateway.route("POST", "/webhooks/{provider}", event -> webhook.handleRequest(event,
                new LocalLambdaContext(event.getRequestContext().getRequestId(), "pin-webhook", Duration.ofSeconds(10), 1024)));
        SweepConfig sweepConfig = SweepConfig.fromEnvironment(sweepEnvironment(cluster.url(), options.sweepInterval(), environment));
        this.sweep = HealthSweepApp.build(sweepConfig, dynamoDb, new OkHttpClusterClient(
                HealthSweepApp.clusterConfig(sweepConfig, SecretResolver.plainOnly())), clock, options.logs());
        DrainConfig drainConfig = DrainConfig.fromEnvironment(withEnvironment(Map.of("LEDGER_TABLE", LEDGER_TABLE, "CLUSTER_URL", cluster.url()),
                environment));
        this.drain = PinDrainApp.build(drainConfig, dynamoDb, new OkHttpClusterClient(PinDrainApp.clusterConfig(drainConfig,
                SecretResolver.plainOnly())), clock, options.logs());
        PinDrainHandler drainHandler = new PinDrainHandler(drain, drainConfig.timeBudget());
        gateway.route("POST", "/admin/drain", event -> text(drainHandler.handleRequest(FORCE, null)));
        // An operator's sweep drains first, every pending pin due or not: "sweep now" after an outage means "pin the backlog now".
        gateway.route("POST", "/admin/sweep", event -> text(drainHandler.handleRequest(FORCE, null) + "\n"
                + new HealthSweepHandler(sweep).handleRequest(null, null)));
        this.probe = realCluster.map(rc -> retrievalProbe(rc, environment, clock, options.logs()));
        probe.ifPresent(p -> gateway.route("POST", "/admin/probe", event -> text(p.run().toString())));
        StatusConfig statusConfig = StatusConfig.fromEnvironment(withEnvironment(Map.of("LEDGER_TABLE", LEDGER_TABLE,
                "ALLOWED_ORIGINS", "http://127.0.0.1:" + gateway.port() + ",http://localhost:" + gateway.port()), environment));
        StatusHandler status = new StatusHandler(StatusApp.build(statusConfig, dynamoDb, clock));
        for (String path : new String[] {"/status", "/status/cids/{cid}", "/status/tokens/{tokenId}", "/status/tokens/{capsule}/{tokenId}",
                "/status/schema/v1.json"}) {
            gateway.route("ANY", path, event -> status.handleRequest(event, null));
        }
        Path page = statusPage();
        gateway.route("GET", "/", event -> {
            try {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "text/html; charset=utf-8"))
                        .withBody(Files.readString(page)).build();
            } catch (IOException e) {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(404).withBody("status page not found at " + page).build();
            }
        });
        if (!options.sweepInterval().isZero()) {
            every(options.sweepInterval(), "health-sweep", () -> sweep.run("local-timer"));
        }
        // As deployed, every minute; LOCAL_DRAIN_EVERY (seconds, 0 = off) changes it. Off with the sweep's timer (scenario
        // tests in simulated time run both by hand) unless set.
        Duration drainEvery = Duration.ofSeconds(Long.parseLong(environment.getOrDefault("LOCAL_DRAIN_EVERY",
                options.sweepInterval().isZero() ? "0" : "60")));
        if (!drainEvery.isZero()) {
            every(drainEvery, "pin-drain", () -> drain.run("local-timer", PinDrain.Mode.DUE, drainConfig.timeBudget()));
        }
        // Deployed hourly; locally off unless LOCAL_PROBE_EVERY (seconds) is set: POST /admin/probe runs one.
        Duration probeEvery = Duration.ofSeconds(Long.parseLong(environment.getOrDefault("LOCAL_PROBE_EVERY", "0")));
        probe.filter(p -> !probeEvery.isZero()).ifPresent(p -> every(probeEvery, "retrieval-probe", p::run));
        this.reconcile = Optional.ofNullable(environment.get("CHAIN_RPC_URL")).map(rpc -> {
            ReconcileConfig rc = ReconcileConfig.fromEnvironment(reconcileEnvironment(cluster.url(), environment));
            OkHttpClusterClient reconcileCluster = new OkHttpClusterClient(ReconcileApp.clusterConfig(rc, SecretResolver.plainOnly()));
            OkHttpClient http = new OkHttpClient();
            LazyChainRpc chain = new LazyChainRpc(rc.rpcUrl(), SecretResolver.plainOnly(), http, rc.rpcTimeout(), rc.settings().chainId());
            return ReconcileApp.build(rc, new DynamoDbLedger(dynamoDb, LEDGER_TABLE, clock), chain, chain::requestCount, reconcileCluster,
                    http, clock, options.logs());
        });
        reconcile.ifPresent(service -> {
            ReconcileHandler handler = new ReconcileHandler(service);
            gateway.route("POST", "/admin/reconcile", event -> {
                try {
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "text/plain"))
                            .withBody(handler.handleRequest(null, null) + "\n").build();
                } catch (IllegalStateException stopped) {
                    return APIGatewayV2HTTPResponse.builder().withStatusCode(502).withHeaders(Map.of("content-type", "text/plain"))
                            .withBody(stopped.getMessage() + "\n").build();
                }
            });
            Duration every = Duration.ofSeconds(Long.parseLong(environment.getOrDefault("LOCAL_RECONCILE_EVERY", "15")));
            if (!every.isZero()) {
                every(every, "chain-reconcile", () -> service.run("local-timer"));
            }
        });
        ObjectMapper json = new ObjectMapper();
        gateway.route("GET", "/local/ledger", event -> {
            try {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "application/json"))
                        .withBody(json.writeValueAsString(ledgerCounts())).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        gateway.route("GET", "/local/health", event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("gateway", gateway.baseUrl());
            body.put(real ? "cluster" : "cluster_simulator", cluster.url());
            body.put("cluster_peers", cluster.peers());
            body.put("dynamodb", "in-process DynamoDB Local, tables " + dynamoDb.listTables().tableNames());
            body.put("routes", gateway.routeKeys());
            try {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody(json.writeValueAsString(body)).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code LOCAL_PEER_ENV_CLUSTER_X=v} sets {@code CLUSTER_X=v} on every real peer (e.g. repinning off for a test). */
    static Map<String, String> peerEnvironment(Map<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith("LOCAL_PEER_ENV_CLUSTER_")) {
                out.put(k.substring("LOCAL_PEER_ENV_".length()), v);
            }
        });
        return out;
    }

    /**
     * Chain settings for a local run. With {@code LOCAL_GANACHE=true} (bin/local --ganache) a ganache is
     * started, the GROKME-like test contract deployed, and the webhook and reconciliation pointed at it,
     * with deep pinning reading metadata from {@code contentSource} (the simulator's kubo RPC, or a real
     * peer's gateway). Returns the ganache to stop later.
     */
    static Optional<Ganache> chainEnvironment(Map<String, String> env, String contentSource) {
        if (!"true".equals(env.get("LOCAL_GANACHE"))) {
            return Optional.empty();
        }
        Ganache chain = Ganache.start();
        String contract = chain.deploy("GrokmeGenesis");
        env.put("CHAIN_RPC_URL", "plain:" + chain.url());
        env.put("CHAIN_IDS", Long.toString(Ganache.CHAIN_ID));
        if ("true".equals(env.get("LOCAL_TWO_CAPSULES"))) {
            // bin/local --ganache --two-capsules: capsule genesis in event mode, and capsule frames, a standard ERC-721
            // whose token URIs name files in a directory (ipfs://<dir>/<id>.json). Each token 1 is its own.
            String frames = chain.deploy("StandardMint721");
            env.put("CAPSULES", "[{\"name\":\"genesis\",\"chainId\":" + Ganache.CHAIN_ID + ",\"contract\":\"" + contract
                    + "\",\"mode\":\"event\"},{\"name\":\"frames\",\"chainId\":" + Ganache.CHAIN_ID + ",\"contract\":\"" + frames
                    + "\",\"mode\":\"erc721\"}]");
            env.put("LOCAL_FRAMES_CONTRACT", frames);
            env.remove("CONTRACT_ADDRESSES");
        } else {
            env.put("CONTRACT_ADDRESSES", contract);
        }
        env.put("LOCAL_GENESIS_CONTRACT", contract);
        env.putIfAbsent("CONFIRMATIONS", "0"); // ganache only mines on transactions: the tip would never get deeper
        env.putIfAbsent("DEEP_PINNING", "true");
        env.putIfAbsent("CONTENT_SOURCE", contentSource);
        return Optional.of(chain);
    }

    static Map<String, String> reconcileEnvironment(String clusterUrl, Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LEDGER_TABLE", LEDGER_TABLE);
        env.put("CLUSTER_URL", clusterUrl);
        env.put("CONTRACT_ADDRESSES", "0x7a3f6c1d2b9e4f5a8c0d1e2f3a4b5c6d7e8f9a0b");
        env.put("CHAIN_IDS", "1");
        return withEnvironment(env, overrides);
    }

    /**
     * What the local ledger holds, counted by a full scan (dev route {@code GET /local/ledger}, for load and
     * chaos checks): LOG items by outcome and PIN items by state.
     */
    public Map<String, Long> ledgerCounts() {
        Map<String, Long> counts = new TreeMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(LEDGER_TABLE).projectionExpression("SK, outcome, #s")
                .expressionAttributeNames(Map.of("#s", "state"))).items().forEach(item -> {
                    String sk = item.get("SK").s();
                    if (sk.equals("LOG")) {
                        counts.merge("log_" + item.get("outcome").s().toLowerCase(Locale.ROOT), 1L, Long::sum);
                    } else if (sk.equals("PIN")) {
                        counts.merge("pin_" + item.get("state").s().toLowerCase(Locale.ROOT), 1L, Long::sum);
                    }
                });
        return counts;
    }

    /** The reference status page in infrastructure/status-page, from the repository root or a module directory. */
    static Path statusPage() {
        Path fromRoot = Path.of("infrastructure", "status-page", "index.html");
        return Files.exists(fromRoot) ? fromRoot : Path.of("..", "..", "infrastructure", "status-page", "index.html");
    }

    /** An operator's forced drain, as {@code aws lambda invoke --payload '{"detail":{"force":true}}'} sends it. */
    private static final ScheduledEvent FORCE = new ScheduledEvent().withDetail(Map.<String, Object>of("force", true));

    /** The retrieval probe over the real cluster's kubo gateways, one per region, as PROBE_GATEWAYS names them when deployed. */
    private ProbeService retrievalProbe(RealCluster rc, Map<String, String> environment, Clock clock, PrintStream logs) {
        String gateways = rc.peers().stream().map(p -> p.region() + "=" + p.gatewayUrl())
                .collect(java.util.stream.Collectors.joining(","));
        ProbeConfig config = ProbeConfig.fromEnvironment(withEnvironment(Map.of("LEDGER_TABLE", LEDGER_TABLE,
                "CLUSTER_URL", cluster.url(), "PROBE_GATEWAYS", gateways), environment));
        OkHttpClusterClient client = new OkHttpClusterClient(RetrievalProbeApp.clusterConfig(config, SecretResolver.plainOnly()));
        return RetrievalProbeApp.build(config, dynamoDb, client, clock, new java.security.SecureRandom(), logs);
    }

    private static APIGatewayV2HTTPResponse text(String body) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).withHeaders(Map.of("content-type", "text/plain"))
                .withBody(body + "\n").build();
    }

    /** Starts every part; close it to stop them. */
    public static LocalSystem start(Options options) {
        try {
            return new LocalSystem(options);
        } catch (IOException e) {
            throw new UncheckedIOException("local gateway could not listen on 127.0.0.1:" + options.gatewayPort(), e);
        }
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    /** The simulator; fails on a system running on the real cluster. */
    public ClusterSimulator simulator() {
        return simulator.orElseThrow(() -> new IllegalStateException("this local system runs on the real cluster, not the simulator"));
    }

    /** The real cluster started by --real-cluster. */
    public Optional<RealCluster> realCluster() {
        return realCluster;
    }

    /** Where the functions reach the cluster, whichever backs this system. */
    public ClusterEndpoint cluster() {
        return cluster;
    }

    public LocalGateway gateway() {
        return gateway;
    }

    public SweepService sweep() {
        return sweep;
    }

    /** The pin drain (every minute, and on POST /admin/drain and /admin/sweep). */
    public PinDrain drain() {
        return drain;
    }

    /** The chain reconciliation, when an RPC URL (or --ganache) was given. */
    public Optional<ReconcileService> reconcile() {
        return reconcile;
    }

    /** The test contract deployed on the local EVM by --ganache. */
    public Optional<String> framesContract() {
        return framesContract;
    }

    /** The GrokmeGenesis contract (capsule genesis) with a chain. */
    public Optional<String> chainContract() {
        return chainContract;
    }

    /** The local EVM started by --ganache. */
    public Optional<Ganache> ganache() {
        return ganache;
    }

    /** Runs {@code task} every {@code period} (first run after one period); failures are printed, not fatal. */
    public void every(Duration period, String name, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("local timer " + name + " failed: " + e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        gateway.close();
        simulator.ifPresent(ClusterSimulator::close);
        realCluster.ifPresent(RealCluster::close);
        ganache.ifPresent(Ganache::close);
        dynamoLocal.shutdown();
    }
}
