package me.grokme.pinning.drain;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.ledger.DynamoDbLedger;
import me.grokme.pinning.lifecycle.SnapStartHooks;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretResolver;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The pin drain's composition root. */
public final class PinDrainApp {

    private PinDrainApp() {
    }

    /** What the handler needs: the drain and its configured time budget. */
    public record Wired(PinDrain drain, Duration timeBudget) {
    }

    /** Production wiring. */
    public static Wired fromEnvironment(Map<String, String> environment) {
        DrainConfig config = DrainConfig.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamo = DynamoDbClients.create(config.dynamoDbEndpoint());
        AwsSecretResolver secrets = AwsSecretResolver.standard(clock);
        OkHttpClusterClient cluster = new OkHttpClusterClient(clusterConfig(config, secrets));
        SnapStartHooks.register(() -> {
            secrets.clear();
            cluster.evictConnections();
        });
        return new Wired(build(config, dynamo, cluster, clock, System.out), config.timeBudget());
    }

    public static PinDrain build(DrainConfig config, DynamoDbClient dynamo, ClusterClient cluster, Clock clock, PrintStream logs) {
        return new PinDrain(new DynamoDbLedger(dynamo, config.ledgerTable(), clock), cluster, config, clock, System::nanoTime,
                new JsonLog("pin-drain", "drain", logs, clock), new Emf(config.metricsNamespace(), logs, clock));
    }

    /**
     * Pins and the reachability check only, no streams: short timeouts and no retries of their own (the next run, a minute
     * later, is the retry). Every pin is idempotent, so a stale pooled connection is retried by the client itself.
     */
    public static ClusterClientConfig clusterConfig(DrainConfig config, SecretResolver secrets) {
        ClusterAuth auth = ClusterAuth.fromSecret(config.clusterCredentials(), secrets);
        Duration t = config.clusterTimeout();
        return new ClusterClientConfig(config.clusterUrls(), auth, t, t, config.callTimeout(), t, 0, Duration.ofMillis(100));
    }
}
