package me.grokme.pinning.sweep;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import me.grokme.pinning.availability.AvailabilityStore;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.lifecycle.InvocationDeadline;
import me.grokme.pinning.lifecycle.SnapStartHooks;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The health sweep's composition root. */
public final class HealthSweepApp {


    private HealthSweepApp() {
    }

    /** Production wiring; {@code deadline} is the invocation's end, which the handler sets and cluster streams respect. */
    public static SweepService fromEnvironment(Map<String, String> environment, InvocationDeadline deadline) {
        SweepConfig config = SweepConfig.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamo = DynamoDbClients.create(config.dynamoDbEndpoint());
        AwsSecretResolver secrets = AwsSecretResolver.standard(clock);
        OkHttpClusterClient cluster = new OkHttpClusterClient(clusterConfig(config, secrets), deadline);
        SnapStartHooks.register(() -> {
            secrets.clear();
            cluster.evictConnections();
        });
        return build(config, AvailabilityConfig.fromEnvironment(environment), dynamo, cluster, clock, System.out);
    }

    public static SweepService build(SweepConfig config, DynamoDbClient dynamo, ClusterClient cluster, Clock clock, PrintStream logs) {
        return build(config, AvailabilityConfig.fromEnvironment(Map.of("SWEEP_INTERVAL", config.interval().toSeconds() + "s")), dynamo, cluster,
                clock, logs);
    }

    public static SweepService build(SweepConfig config, AvailabilityConfig availabilityConfig, DynamoDbClient dynamo, ClusterClient cluster,
            Clock clock, PrintStream logs) {
        return new SweepService(cluster, new DynamoDbLedger(dynamo, config.ledgerTable(), clock), new SweepStore(dynamo, config.ledgerTable()),
                config, clock, new JsonLog("health-sweep", "sweep", logs, clock), new Emf(config.metricsNamespace(), logs, clock),
                new AvailabilityRecorder(new AvailabilityStore(dynamo, config.ledgerTable()), availabilityConfig));
    }

    /**
     * Streams get a long read timeout (a cluster-wide GET /pins answers only after every peer has) and a total
     * deadline ({@code CLUSTER_STREAM_DEADLINE}), so a cluster that trickles cannot hold the sweep.
     */
    public static ClusterClientConfig clusterConfig(SweepConfig config, SecretResolver secrets) {
        ClusterAuth auth = ClusterAuth.fromSecret(config.clusterCredentials(), secrets);
        return new ClusterClientConfig(config.clusterUrls(), auth, Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60),
                Duration.ofMinutes(3), 2, Duration.ofMillis(500), config.clusterStreamDeadline());
    }
}
