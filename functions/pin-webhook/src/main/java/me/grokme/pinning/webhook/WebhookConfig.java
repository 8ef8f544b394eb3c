package me.grokme.pinning.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.mint.MintConfig;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.webhook.providers.ProviderSettings;
import me.grokme.pinning.webhook.providers.WebhookProvider;
import me.grokme.pinning.webhook.providers.WebhookProviders;

/**
 * The pin webhook's configuration, read once from the environment and validated; {@link #toString()} shows
 * where secrets live, never their values.
 *
 * @param mint            what a mint is and how it is pinned (shared with the chain reconciliation)
 * @param providerSecrets provider name → where its signing secret lives; a provider without one is disabled
 * @param dynamoDbEndpoint only for DynamoDB Local (local runs, benchmarks); unset in AWS
 * @param clusterBudget   how long one delivery may wait for the cluster before the rest is left to the sweep
 * @param maxLogsPerDelivery more logs in one delivery are refused (413) before anything is written
 */
public record WebhookConfig(
        String ledgerTable,
        List<URI> clusterUrls,
        Optional<SecretRef> clusterCredentials,
        Duration clusterTimeout,
        MintConfig mint,
        int maxBodyBytes,
        Duration signatureTolerance,
        long quickNodeDefaultChainId,
        long logsChainId,
        Map<String, SecretRef> providerSecrets,
        Optional<URI> dynamoDbEndpoint,
        String metricsNamespace,
        Duration clusterBudget,
        int maxLogsPerDelivery) {

    public static final String DEFAULT_EVENT = MintConfig.DEFAULT_EVENT;
    /** Indexers time out after 5-10 s (Alchemy: 5 s); a longer budget could never be answered in time. */
    static final Duration MAX_CLUSTER_BUDGET = Duration.ofSeconds(10);

    /** Reads every variable, reporting all problems at once (see {@link Env#validate()}). */
    public static WebhookConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        List<URI> cluster = env.tlsUrls("CLUSTER_URL", true);
        Optional<SecretRef> clusterCreds = env.secret("CLUSTER_CREDENTIALS", false);
        Duration clusterTimeout = env.timeout("CLUSTER_TIMEOUT", Duration.ofSeconds(3));
        MintConfig mint = MintConfig.read(env);
        Set<Long> chains = mint.chainIds();
        for (MintConfig.Capsule c : mint.capsules()) {
            if (!chains.containsAll(c.spec().chainIds())) {
                // Deployed, CHAIN_IDS comes from the ChainIds parameter (default 1): a capsule elsewhere would be ignored unseen.
                env.problem("capsule " + c.name() + " is on chain(s) " + c.spec().chainIds() + ", which CHAIN_IDS " + chains
                        + " does not list: its logs would be ignored");
            }
        }
        int maxBody = env.integer("MAX_BODY_BYTES", 1 << 20, 1024, 6 * 1024 * 1024);
        Duration tolerance = env.duration("SIGNATURE_TOLERANCE", Duration.ofMinutes(5));
        long qnChain = env.integer("QUICKNODE_CHAIN_ID", chains.isEmpty() ? 1 : chains.iterator().next().intValue(), 1, Integer.MAX_VALUE);
        long logsChain = env.integer("LOGS_CHAIN_ID", chains.isEmpty() ? 1 : chains.iterator().next().intValue(), 1, Integer.MAX_VALUE);
        Map<String, SecretRef> secrets = new LinkedHashMap<>();
        for (WebhookProvider p : WebhookProviders.ALL) {
            env.secret(p.secretVariable(), false).ifPresent(s -> secrets.put(p.name(), s));
        }
        if (secrets.isEmpty()) {
            env.problem("no provider is enabled: set at least one of "
                    + String.join(", ", WebhookProviders.ALL.stream().map(WebhookProvider::secretVariable).toList()));
        }
        Optional<URI> dynamoEndpoint = env.url("DYNAMODB_ENDPOINT", false);
        String namespace = me.grokme.pinning.metrics.Emf.namespace(env);
        // Alchemy waits 5 s for the answer; 2 s of cluster calls leaves room for the ledger writes around them.
        Duration budget = env.duration("WEBHOOK_CLUSTER_BUDGET", Duration.ofSeconds(2));
        if (budget.compareTo(MAX_CLUSTER_BUDGET) > 0) {
            env.problem("WEBHOOK_CLUSTER_BUDGET must be at most " + MAX_CLUSTER_BUDGET.toSeconds() + "s (the indexers' timeout), got "
                    + environment.get("WEBHOOK_CLUSTER_BUDGET"));
        }
        int maxLogs = env.integer("MAX_LOGS_PER_DELIVERY", 500, 1, 10_000);
        env.validate();
        return new WebhookConfig(table, cluster, clusterCreds, clusterTimeout, mint, maxBody, tolerance, qnChain, logsChain, Map.copyOf(secrets), dynamoEndpoint,
                namespace, budget, maxLogs);
    }

    /** What the adapters read besides their secrets. */
    public ProviderSettings providerSettings() {
        return new ProviderSettings(signatureTolerance, quickNodeDefaultChainId, logsChainId, maxBodyBytes);
    }
}
