package me.grokme.pinning.reconcile;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.deep.DeepPinSettings;
import me.grokme.pinning.deep.HttpContentFetcher;
import me.grokme.pinning.mint.MintConfig;
import me.grokme.pinning.secrets.SecretRef;

/**
 * The chain reconciliation's configuration, read once from the environment. The mint settings are the
 * webhook's ({@link MintConfig}); {@code CHAIN_RPC_URL} is required here, {@code CHAIN_IDS} must name exactly
 * one chain, and {@code CONTENT_SOURCE} ({@code gateway:https://…}, a read-only gateway; or {@code ipfs-api:<url>},
 * kubo's RPC, which must be https unless it is on this machine) is required when {@code DEEP_PINNING} is on.
 */
public record ReconcileConfig(String ledgerTable, List<URI> clusterUrls, Optional<SecretRef> clusterCredentials, MintConfig mint,
        SecretRef rpcUrl, ReconcileSettings settings, Duration rpcTimeout, Duration timeBudget,
        Optional<ContentSource> contentSource, DeepPinSettings deepPin, Optional<URI> dynamoDbEndpoint, String metricsNamespace) {

    /** Where deep pinning reads metadata. */
    public record ContentSource(HttpContentFetcher.Dialect dialect, URI url) {
    }

    public static ReconcileConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        List<URI> cluster = env.tlsUrls("CLUSTER_URL", true);
        Optional<SecretRef> creds = env.secret("CLUSTER_CREDENTIALS", false);
        MintConfig mint = MintConfig.read(env);
        Optional<SecretRef> rpc = mint.rpcUrl();
        if (rpc.isEmpty() && !environment.containsKey("CHAIN_RPC_URL")) {
            env.problem("CHAIN_RPC_URL is required (a secret reference to the chain's JSON-RPC URL)");
        }
        if (mint.chainIds().size() != 1) {
            env.problem("CHAIN_IDS must name exactly one chain for the reconciliation, got " + mint.chainIds());
        } else if (mint.capsules().stream().noneMatch(c -> c.spec().chainIds().containsAll(mint.chainIds()))) {
            env.problem("no capsule is on the reconciled chain " + mint.chainIds() + " (CHAIN_IDS): there would be nothing to read");
        }
        // Each capsule's own start block (RECONCILE_START_BLOCK by default, read with the capsules); this one is the first's.
        long start = mint.capsules().get(0).spec().startBlock();
        int confirmations = env.integer("CONFIRMATIONS", 12, 0, 10_000);
        int maxRange = env.integer("RECONCILE_MAX_RANGE", 2_000, 1, 1_000_000);
        int rewind = env.integer("REORG_REWIND_BLOCKS", 128, 1, 100_000);
        int parallelism = env.integer("RECONCILE_PARALLELISM", 8, 1, 64);
        int rangePage = env.integer("TOKEN_RANGE_PAGE", ReconcileSettings.DEFAULT_RANGE_PAGE, 1, 10_000);
        Duration rpcTimeout = env.timeout("CHAIN_RPC_TIMEOUT", Duration.ofSeconds(20));
        Duration budget = env.duration("RECONCILE_TIME_BUDGET", Duration.ofMinutes(4));
        Optional<ContentSource> content = Optional.empty();
        Optional<String> source = Optional.ofNullable(environment.get("CONTENT_SOURCE")).map(String::strip).filter(s -> !s.isEmpty());
        if (source.isPresent()) {
            content = parseSource(source.get(), env);
        } else if (mint.deepPinning()) {
            env.problem("CONTENT_SOURCE is required when DEEP_PINNING is on (gateway:https://<read-only gateway>)");
        }
        DeepPinSettings d = DeepPinSettings.defaults();
        DeepPinSettings deep = new DeepPinSettings(env.integer("DEEP_PIN_MAX_BYTES", d.maxMetadataBytes(), 1024, 16 * 1024 * 1024),
                env.timeout("DEEP_PIN_FETCH_TIMEOUT", d.fetchTimeout()), env.integer("DEEP_PIN_TASKS_PER_RUN", d.tasksPerRun(), 1, 10_000),
                env.integer("DEEP_PIN_MAX_ATTEMPTS", d.maxAttempts(), 1, 1000), d.firstRetry(), d.maxRetry(),
                // Each level and each reference may cost one read of up to DEEP_PIN_FETCH_TIMEOUT; every reference is
                // kept on the token's item, which must stay far below DynamoDB's 400 KB.
                env.integer("DEEP_PIN_MAX_DEPTH", d.maxDepth(), 1, 10), env.integer("DEEP_PIN_MAX_REFERENCES", d.maxReferences(), 1, 256));
        Optional<URI> dynamo = env.url("DYNAMODB_ENDPOINT", false);
        String namespace = me.grokme.pinning.metrics.Emf.namespace(env);
        env.validate();
        return new ReconcileConfig(table, cluster, creds, mint, rpc.orElseThrow(),
                new ReconcileSettings(mint.chainIds().iterator().next(), start, confirmations, maxRange, rewind, parallelism, rangePage), rpcTimeout, budget,
                content, deep, dynamo, namespace);
    }

    private static Optional<ContentSource> parseSource(String text, Env env) {
        int colon = text.indexOf(':');
        String kind = colon < 0 ? "" : text.substring(0, colon);
        HttpContentFetcher.Dialect dialect = switch (kind) {
            case "ipfs-api" -> HttpContentFetcher.Dialect.IPFS_API;
            case "gateway" -> HttpContentFetcher.Dialect.GATEWAY;
            default -> null;
        };
        if (dialect == null) {
            env.problem("CONTENT_SOURCE must start with ipfs-api: or gateway:, got " + (kind.isEmpty() ? "neither" : kind + ":"));
            return Optional.empty();
        }
        try {
            URI url = URI.create(text.substring(colon + 1));
            if (url.getScheme() == null || !url.getScheme().matches("https?") || url.getHost() == null) {
                env.problem("CONTENT_SOURCE needs an http(s) URL after " + kind + ":");
                return Optional.empty();
            }
            if (!"https".equals(url.getScheme()) && !Env.localHost(url)) {
                // A remote ipfs-api: in plain http is the cluster's unauthenticated IPFS proxy (or kubo's RPC)
                // published to the Internet, which would let anyone unpin the pinset; a gateway in plain http
                // lets anyone on the path choose what gets deep-pinned.
                env.problem("CONTENT_SOURCE must use https for a remote host (plain http only to localhost/127.0.0.1), got "
                        + kind + ":http://" + url.getHost() + "; use gateway:https://<read-only gateway>");
                return Optional.empty();
            }
            return Optional.of(new ContentSource(dialect, url));
        } catch (IllegalArgumentException e) {
            env.problem("CONTENT_SOURCE holds an invalid URL after " + kind + ":");
            return Optional.empty();
        }
    }
}
