package me.grokme.pinning.sweep;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.secrets.SecretRef;

/**
 * The health sweep's configuration, read once from the environment.
 *
 * @param minRegions       a CID whose replicas sit in fewer regions is region-poor
 * @param maxRepairs       cluster actions per sweep (recover, re-pin, submit), so one bad CID cannot starve the rest; >= 1
 * @param timeBudget       work stops (and the next sweep resumes) after this long, well inside the Lambda timeout
 * @param repairBackoff    first wait before repeating a repair on the same CID; doubles per attempt up to 1 h
 * @param clusterStreamDeadline the whole of one streamed cluster call ({@code GET /allocations}, {@code GET /pins});
 *                         never past the invocation's end either
 * @param peers            which peers are GROKME's ({@code TRUSTED_PEERS}; empty: all) and how long a silent one is
 *                         remembered ({@code PEER_RETENTION})
 * @param inProgressGrace  how long a CID still queued or pinning on its allocated peers counts as "in progress" rather
 *                         than as missing replicas when the page's indicator is rolled up (a fresh mint is not lost)
 */
public record SweepConfig(String ledgerTable, List<URI> clusterUrls, Optional<SecretRef> clusterCredentials, int minRegions,
        int defaultReplicationMin, int defaultReplicationMax, int maxRepairs, Duration timeBudget, Duration leaseDuration,
        Duration repairBackoff, Duration interval, Optional<URI> dynamoDbEndpoint, Duration clusterStreamDeadline, String metricsNamespace,
        PeerPolicy peers, Duration inProgressGrace) {

    public static SweepConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String table = env.required("LEDGER_TABLE");
        List<URI> cluster = env.tlsUrls("CLUSTER_URL", true);
        Optional<SecretRef> creds = env.secret("CLUSTER_CREDENTIALS", false);
        int minRegions = env.integer("MIN_REGIONS", 2, 1, 16);
        int rmin = env.integer("REPLICATION_MIN", 3, 1, 100);
        int rmax = env.integer("REPLICATION_MAX", 5, 1, 100);
        if (rmin > rmax) {
            env.problem("REPLICATION_MIN (" + rmin + ") is larger than REPLICATION_MAX (" + rmax + ")");
        }
        // At least 1: the sweep is the only retry path for pins the webhook deferred, so 0 would silently stop
        // every deferred pin and every repair rather than pause anything safely.
        int maxRepairs = env.integer("MAX_REPAIRS_PER_SWEEP", 200, 1, 100_000);
        Duration budget = env.duration("SWEEP_TIME_BUDGET", Duration.ofMinutes(4));
        Duration lease = env.duration("SWEEP_LEASE", Duration.ofMinutes(10));
        if (lease.compareTo(budget) <= 0) {
            env.problem("SWEEP_LEASE must be longer than SWEEP_TIME_BUDGET");
        }
        Duration backoff = env.duration("REPAIR_BACKOFF", Duration.ofMinutes(5));
        Duration interval = env.duration("SWEEP_INTERVAL", Duration.ofMinutes(5));
        Optional<URI> dynamo = env.url("DYNAMODB_ENDPOINT", false);
        Duration streamDeadline = env.timeout("CLUSTER_STREAM_DEADLINE", Duration.ofMinutes(3));
        String namespace = me.grokme.pinning.metrics.Emf.namespace(env);
        Set<String> trusted = env.csv("TRUSTED_PEERS", "");
        for (String id : trusted) {
            if (!id.matches("(12D3KooW|Qm)[1-9A-HJ-NP-Za-km-z]{40,60}")) {
                env.problem("TRUSTED_PEERS holds something that is not a libp2p peer id: " + id);
            }
        }
        Duration retention = env.duration("PEER_RETENTION", Duration.ofDays(7));
        if (retention.compareTo(interval) <= 0) {
            env.problem("PEER_RETENTION must be longer than SWEEP_INTERVAL");
        }
        Duration grace = env.duration("IN_PROGRESS_GRACE", Duration.ofMinutes(30));
        env.validate();
        return new SweepConfig(table, cluster, creds, minRegions, rmin, rmax, maxRepairs, budget, lease, backoff, interval, dynamo,
                streamDeadline, namespace, new PeerPolicy(trusted, retention), grace);
    }
}
