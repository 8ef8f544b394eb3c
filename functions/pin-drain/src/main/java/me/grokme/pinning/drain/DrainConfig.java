package me.grokme.pinning.drain;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.SecretRef;

/**
 * The pin drain's configuration, read once from the environment.
 *
 * @param concurrency   pins in flight at once (DRAIN_CONCURRENCY, default 4): a real peer pins 10 at a time
 *                      (concurrent_pins), so a modest default leaves room for the webhook and the sweep
 * @param batchSize     pending requests read from the ledger per round (DRAIN_BATCH, default 100)
 * @param timeBudget    no new pin is started after this (DRAIN_TIME_BUDGET, default 40s), well inside the Lambda's
 *                      timeout; the next run, a minute later, goes on
 * @param clusterTimeout one cluster call's connect and read timeout (CLUSTER_TIMEOUT, default 5s); the whole call
 *                      at most twice that, so the drain stops starting pins that long before its budget ends
 * @param orphanReleaseGrace how long content only orphaned mints used stays pinned before it is unpinned
 *                      (ORPHAN_RELEASE_GRACE, default 24h): a mint may come back in the canonical chain meanwhile
 * @param orphanReleaseBatch candidates released at most per run (ORPHAN_RELEASE_BATCH, default 20, 0 = off)
 */
public record DrainConfig(String ledgerTable, List<URI> clusterUrls, Optional<SecretRef> clusterCredentials, int concurrency,
        int batchSize, Duration timeBudget, Duration clusterTimeout, Optional<URI> dynamoDbEndpoint, String metricsNamespace,
        Duration orphanReleaseGrace, int orphanReleaseBatch) {

    public static DrainConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        List<URI> cluster = env.tlsUrls("CLUSTER_URL", true);
        Optional<SecretRef> creds = env.secret("CLUSTER_CREDENTIALS", false);
        int concurrency = env.integer("DRAIN_CONCURRENCY", 4, 1, 64);
        int batch = env.integer("DRAIN_BATCH", 100, 1, 1000);
        Duration budget = env.duration("DRAIN_TIME_BUDGET", Duration.ofSeconds(40));
        Duration timeout = env.timeout("CLUSTER_TIMEOUT", Duration.ofSeconds(5));
        if (budget.compareTo(timeout.multipliedBy(2)) <= 0) {
            env.problem("DRAIN_TIME_BUDGET (" + budget + ") must be longer than twice CLUSTER_TIMEOUT (" + timeout + ")");
        }
        Optional<URI> dynamo = env.url("DYNAMODB_ENDPOINT", false);
        String namespace = Emf.namespace(env);
        Duration grace = env.duration("ORPHAN_RELEASE_GRACE", Duration.ofHours(24));
        int releaseBatch = env.integer("ORPHAN_RELEASE_BATCH", 20, 0, 1000);
        env.validate();
        return new DrainConfig(table, cluster, creds, concurrency, batch, budget, timeout, dynamo, namespace, grace, releaseBatch);
    }

    /** The longest one pin call may take (the client's call timeout): no pin starts later than this before the budget's end. */
    public Duration callTimeout() {
        return clusterTimeout.multipliedBy(2);
    }
}
