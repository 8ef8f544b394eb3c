package me.grokme.pinning.probe;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.SecretRef;

/**
 * The retrieval probe's configuration, read once from the environment (README: "Configuration").
 *
 * @param gateways      region → gateway base URL ({@code PROBE_GATEWAYS=eu=https://…,us=https://…}); https only, except to
 *                      this machine or the Docker host ({@link Env#localHost})
 * @param period        every pinned CID is probed at least once per period ({@code PROBE_PERIOD}, default 7d)
 * @param runInterval   how often the schedule runs the probe ({@code PROBE_RUN_INTERVAL}, the schedule's rate), for the budget
 * @param dagPercent    share of probes that also verify the whole DAG
 * @param dagMethod     how: block by block (default; proves local presence on a stock kubo) or as one CAR (only for
 *                      gateways that never fetch, kubo's {@code Gateway.NoFetch})
 * @param maxCarBytes   a CAR longer than this proves nothing either way (inconclusive)
 * @param concurrency   CIDs probed at once (each CID's regions in parallel too)
 * @param timeBudget    no probe starts after this long, well inside the Lambda timeout
 * @param maxPerRun     hard cap on CIDs per run, whatever the budget arithmetic says
 * @param randomPercent share of each run's budget drawn at random from all pinned CIDs
 * @param maxRepairs    recover requests per run
 * @param clusterUrls   the cluster's REST API peers, tried in order ({@code CLUSTER_URL}, comma-separated, as every function reads it)
 * @param metricsNamespace the stack's metrics namespace ({@code METRICS_NAMESPACE}, as every function reads it)
 */
public record ProbeConfig(String ledgerTable, Map<String, URI> gateways, Duration period, Duration runInterval, int dagPercent,
                          long maxCarBytes, int concurrency, Duration timeBudget, Duration requestTimeout, int maxPerRun, int randomPercent,
                          int maxRepairs, List<URI> clusterUrls, Optional<SecretRef> clusterCredentials, Optional<URI> dynamoDbEndpoint,
                          DagMethod dagMethod, String metricsNamespace) {

    /** {@code PROBE_DAG_METHOD}: {@code blocks} or {@code car}. */
    public enum DagMethod { BLOCKS, CAR }

    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public ProbeConfig {
        gateways = Map.copyOf(gateways);
        clusterUrls = List.copyOf(clusterUrls);
    }

    public static ProbeConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        Map<String, URI> gateways = gateways(env, env.required("PROBE_GATEWAYS"));
        Duration period = env.duration("PROBE_PERIOD", Duration.ofDays(7));
        Duration interval = env.duration("PROBE_RUN_INTERVAL", Duration.ofHours(1));
        if (period.isZero() || interval.isZero() || interval.compareTo(period) > 0) {
            env.problem("PROBE_RUN_INTERVAL must be longer than zero and at most PROBE_PERIOD");
        }
        int dagPercent = env.integer("PROBE_DAG_PERCENT", 10, 0, 100);
        long maxCar = env.integer("PROBE_MAX_CAR_MB", 64, 1, 4096) * 1024L * 1024L;
        int concurrency = env.integer("PROBE_CONCURRENCY", 16, 1, 256);
        Duration budget = env.timeout("PROBE_TIME_BUDGET", Duration.ofMinutes(10));
        Duration timeout = env.timeout("PROBE_REQUEST_TIMEOUT", Duration.ofSeconds(30));
        int maxPerRun = env.integer("PROBE_MAX_PER_RUN", 50_000, 1, 1_000_000);
        int randomPercent = env.integer("PROBE_RANDOM_PERCENT", 10, 0, 50);
        int maxRepairs = env.integer("PROBE_MAX_REPAIRS", 50, 0, 10_000);
        List<URI> cluster = env.tlsUrls("CLUSTER_URL", true);
        Optional<SecretRef> creds = env.secret("CLUSTER_CREDENTIALS", false);
        Optional<URI> dynamo = env.url("DYNAMODB_ENDPOINT", false);
        String method = env.optional("PROBE_DAG_METHOD", "blocks");
        DagMethod dagMethod = switch (method) {
            case "blocks" -> DagMethod.BLOCKS;
            case "car" -> DagMethod.CAR;
            default -> {
                env.problem("PROBE_DAG_METHOD must be blocks or car, got " + method);
                yield DagMethod.BLOCKS;
            }
        };
        String namespace = Emf.namespace(env);
        env.validate();
        return new ProbeConfig(table, gateways, period, interval, dagPercent, maxCar, concurrency, budget, timeout, maxPerRun, randomPercent,
                maxRepairs, cluster, creds, dynamo, dagMethod, namespace);
    }

    /** {@code region=url,…}: kubo's read-only gateway behind TLS (never its RPC API); plain http only locally (tests, sam local). */
    static Map<String, URI> gateways(Env env, String value) {
        Map<String, URI> out = new LinkedHashMap<>();
        for (String entry : value.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String region = eq < 0 ? "" : entry.substring(0, eq).strip();
            String url = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (!REGION.matcher(region).matches()) {
                env.problem("PROBE_GATEWAYS: entry '" + entry.strip() + "' is not region=url with a lower-case region name");
                continue;
            }
            try {
                URI u = URI.create(url);
                if (u.getHost() == null || !("https".equals(u.getScheme()) || ("http".equals(u.getScheme()) && Env.localHost(u)))) {
                    env.problem("PROBE_GATEWAYS: " + region + " must be an https URL (plain http only to localhost/127.0.0.1): " + url);
                } else if (u.getRawUserInfo() != null || u.getRawQuery() != null || (u.getRawPath() != null && u.getRawPath().length() > 1)) {
                    env.problem("PROBE_GATEWAYS: " + region + " must be a bare gateway origin, without credentials, path or query");
                } else if (out.putIfAbsent(region, u) != null) {
                    env.problem("PROBE_GATEWAYS: region " + region + " appears twice");
                }
            } catch (IllegalArgumentException e) {
                env.problem("PROBE_GATEWAYS: " + region + " is not a URL: " + url);
            }
        }
        if (out.isEmpty()) {
            env.problem("PROBE_GATEWAYS names no gateway");
        }
        return out;
    }
}
