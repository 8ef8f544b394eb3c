package me.grokme.pinning.webhook;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import me.grokme.pinning.chain.LazyChainRpc;
import me.grokme.pinning.chain.MintSource;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.lifecycle.SnapStartHooks;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.clock.Sleeper;
import me.grokme.pinning.mint.MintConfig;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.webhook.providers.ProviderAdapter;
import me.grokme.pinning.webhook.providers.WebhookProvider;
import me.grokme.pinning.webhook.providers.WebhookProviders;
import okhttp3.OkHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The pin webhook's composition root: builds every collaborator from the configuration, once. */
public final class PinWebhookApp {

    private PinWebhookApp() {
    }

    /** Production wiring: DynamoDB and secrets through the SDK (region and credentials from the Lambda environment). */
    public static PinWebhookService fromEnvironment(Map<String, String> environment) {
        WebhookConfig config = WebhookConfig.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        // Indexers wait about 5-10 s for an answer: a ledger call gets 4 s, retries included, then the answer is 503.
        DynamoDbClient dynamo = DynamoDbClients.create(config.dynamoDbEndpoint(), Duration.ofSeconds(4));
        AwsSecretResolver secrets = AwsSecretResolver.standard(clock);
        OkHttpClusterClient cluster = new OkHttpClusterClient(clusterConfig(config, secrets));
        // Only ERC-721 mode asks the chain; event mode never builds an RPC client (OkHttp sets up TLS eagerly).
        Optional<OkHttpClient> rpcHttp = readsTokenUris(config) ? Optional.of(new OkHttpClient()) : Optional.empty();
        SnapStartHooks.register(() -> {
            secrets.clear();
            cluster.evictConnections();
            rpcHttp.ifPresent(http -> http.connectionPool().evictAll());
        });
        return builder(config, new DynamoDbLedger(dynamo, config.ledgerTable(), clock, Sleeper.real(), config.mint().tokenKeys()), secrets)
                .clock(clock).cluster(cluster).rpcHttp(rpcHttp).build();
    }

    /** Wiring with the given ledger and secret resolver (tests, local runner, benchmarks); the rest has defaults. */
    public static Builder builder(WebhookConfig config, Ledger ledger, SecretResolver secrets) {
        return new Builder(config, ledger, secrets);
    }

    /**
     * The collaborators {@link #fromEnvironment} builds from the environment, given instead: the system clock, stdout,
     * a cluster client from the configuration and (in ERC-721 mode) an RPC client unless set.
     */
    public static final class Builder {
        private final WebhookConfig config;
        private final Ledger ledger;
        private final SecretResolver secrets;
        private Clock clock = Clock.systemUTC();
        private PrintStream logs = System.out;
        private Optional<ClusterClient> cluster = Optional.empty();
        private Supplier<Optional<OkHttpClient>> rpcHttp;

        private Builder(WebhookConfig config, Ledger ledger, SecretResolver secrets) {
            this.config = config;
            this.ledger = ledger;
            this.secrets = secrets;
            // Only ERC-721 mode asks the chain; event mode never builds an RPC client (OkHttp sets up TLS eagerly).
            this.rpcHttp = () -> readsTokenUris(config) ? Optional.of(new OkHttpClient()) : Optional.empty();
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        /** Where the JSON log lines and EMF metrics go. */
        public Builder logs(PrintStream out) {
            this.logs = out;
            return this;
        }

        public Builder cluster(ClusterClient c) {
            this.cluster = Optional.of(c);
            return this;
        }

        /** The HTTP client of ERC-721 mode's tokenURI reads (empty: none), so the caller can evict its connections. */
        Builder rpcHttp(Optional<OkHttpClient> http) {
            this.rpcHttp = () -> http;
            return this;
        }

        public PinWebhookService build() {
            JsonLog log = new JsonLog("pin-webhook", "webhook", logs, clock);
            Emf metrics = new Emf(config.metricsNamespace(), logs, clock);
            MintConfig mint = config.mint();
            // ERC-721 mode reads tokenURI through an RPC client whose URL (a secret) is resolved on first use.
            TokenUriSource tokenUris = rpcHttp.get()
                    .<TokenUriSource>map(h -> new LazyChainRpc(mint.rpcUrl().orElseThrow(), secrets, h, config.clusterTimeout(),
                            mint.chainIds().iterator().next()))
                    .orElse(TokenUriSource.unconfigured("the mint event carries its URI; no tokenURI is read in this mode"));
            ClusterClient client = cluster.orElseGet(() -> new OkHttpClusterClient(clusterConfig(config, secrets)));
            MintIntake intake = new MintIntake(ledger, client, tokenUris, mint.policies(), clock, log);
            return new PinWebhookService(adapters(config, secrets), mint.decoder(), intake, config, clock, log, metrics, System::nanoTime);
        }
    }

    private static boolean readsTokenUris(WebhookConfig config) {
        return config.mint().capsules().stream().anyMatch(c -> c.source() instanceof MintSource.Erc721Transfer) && config.mint().rpcUrl().isPresent();
    }

    static ClusterClientConfig clusterConfig(WebhookConfig config, SecretResolver secrets) {
        ClusterAuth auth = ClusterAuth.fromSecret(config.clusterCredentials(), secrets);
        Duration t = config.clusterTimeout();
        // The webhook answers within the indexer's timeout (Alchemy: 5 s): no retries here, the sweep retries.
        return ClusterClientConfig.builder(config.clusterUrls()).auth(auth).timeouts(t, t, t.multipliedBy(2))
                .streams(t, ClusterClientConfig.DEFAULT_STREAM_DEADLINE).retries(0, Duration.ofMillis(100)).build();
    }

    /** An adapter for each registered provider whose secret is configured. */
    static List<ProviderAdapter> adapters(WebhookConfig config, SecretResolver secrets) {
        List<ProviderAdapter> out = new ArrayList<>();
        for (WebhookProvider provider : WebhookProviders.ALL) {
            SecretRef ref = config.providerSecrets().get(provider.name());
            if (ref != null) {
                out.add(provider.create(() -> secrets.resolve(ref), config.providerSettings()));
            }
        }
        return out;
    }
}
