package me.grokme.pinning.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import me.grokme.pinning.chain.MintEventAbi;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.secrets.SecretRef;

/**
 * The pin webhook's configuration, read once from the environment and validated; {@link #toString()} shows
 * where secrets live, never their values.
 *
 * @param providerSecrets provider name → where its signing secret lives; a provider without one is disabled
 * @param dynamoDbEndpoint only for DynamoDB Local (local runs, benchmarks); unset in AWS
 */
public record WebhookConfig(
        String ledgerTable,
        URI clusterUrl,
        Optional<SecretRef> clusterCredentials,
        Duration clusterTimeout,
        Set<Long> chainIds,
        Set<String> contracts,
        MintEventAbi mintEvent,
        String capsule,
        int replicationMin,
        int replicationMax,
        int maxBodyBytes,
        Duration signatureTolerance,
        long quickNodeDefaultChainId,
        long logsChainId,
        Map<String, SecretRef> providerSecrets,
        Optional<URI> dynamoDbEndpoint) {

    public static final String DEFAULT_EVENT = "Grokked(uint256 indexed tokenId, string ipfsURI)";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern CAPSULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** Reads every variable, reporting all problems at once (see {@link Env#validate()}). */
    public static WebhookConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        URI cluster = env.url("CLUSTER_URL", true).orElse(URI.create("http://invalid"));
        Optional<SecretRef> clusterCreds = env.secret("CLUSTER_CREDENTIALS", false);
        Duration clusterTimeout = env.duration("CLUSTER_TIMEOUT", Duration.ofSeconds(3));
        Set<Long> chains = new LinkedHashSet<>();
        for (String c : env.csv("CHAIN_IDS", "1")) {
            try {
                chains.add(Long.parseLong(c));
            } catch (NumberFormatException e) {
                env.problem("CHAIN_IDS holds a non-numeric chain id: " + c);
            }
        }
        Set<String> contracts = new LinkedHashSet<>();
        for (String c : env.csv("CONTRACT_ADDRESSES", "")) {
            if (ADDRESS.matcher(c).matches()) {
                contracts.add(c.toLowerCase());
            } else {
                env.problem("CONTRACT_ADDRESSES holds something that is not a 0x address: " + c);
            }
        }
        if (contracts.isEmpty()) {
            env.problem("CONTRACT_ADDRESSES is required (comma-separated 0x addresses)");
        }
        MintEventAbi abi = null;
        try {
            abi = MintEventAbi.parse(env.optional("MINT_EVENT_ABI", DEFAULT_EVENT), env.optional("MINT_TOKEN_PARAM", "tokenId"),
                    env.optional("MINT_URI_PARAM", "ipfsURI"));
        } catch (IllegalArgumentException e) {
            env.problem("MINT_EVENT_ABI: " + e.getMessage());
        }
        String capsule = env.optional("CAPSULE", "genesis");
        if (!CAPSULE.matcher(capsule).matches()) {
            env.problem("CAPSULE must be lower-case letters, digits and dashes (1-32): " + capsule);
        }
        int rmin = env.integer("REPLICATION_MIN", 3, 1, 100);
        int rmax = env.integer("REPLICATION_MAX", 5, 1, 100);
        if (rmin > rmax) {
            env.problem("REPLICATION_MIN (" + rmin + ") is larger than REPLICATION_MAX (" + rmax + ")");
        }
        int maxBody = env.integer("MAX_BODY_BYTES", 1 << 20, 1024, 6 * 1024 * 1024);
        Duration tolerance = env.duration("SIGNATURE_TOLERANCE", Duration.ofMinutes(5));
        long qnChain = env.integer("QUICKNODE_CHAIN_ID", chains.isEmpty() ? 1 : chains.iterator().next().intValue(), 1, Integer.MAX_VALUE);
        long logsChain = env.integer("LOGS_CHAIN_ID", chains.isEmpty() ? 1 : chains.iterator().next().intValue(), 1, Integer.MAX_VALUE);
        Map<String, SecretRef> secrets = new java.util.LinkedHashMap<>();
        env.secret("ALCHEMY_SIGNING_KEY", false).ifPresent(s -> secrets.put("alchemy", s));
        env.secret("QUICKNODE_SECURITY_TOKEN", false).ifPresent(s -> secrets.put("quicknode", s));
        env.secret("MORALIS_STREAMS_SECRET", false).ifPresent(s -> secrets.put("moralis", s));
        env.secret("LOGS_SIGNING_SECRET", false).ifPresent(s -> secrets.put("logs", s));
        if (secrets.isEmpty()) {
            env.problem("no provider is enabled: set at least one of ALCHEMY_SIGNING_KEY, QUICKNODE_SECURITY_TOKEN, "
                    + "MORALIS_STREAMS_SECRET, LOGS_SIGNING_SECRET");
        }
        Optional<URI> dynamoEndpoint = env.url("DYNAMODB_ENDPOINT", false);
        env.validate();
        return new WebhookConfig(table, cluster, clusterCreds, clusterTimeout, Set.copyOf(chains), Set.copyOf(contracts), abi, capsule,
                rmin, rmax, maxBody, tolerance, qnChain, logsChain, Map.copyOf(secrets), dynamoEndpoint);
    }
}
