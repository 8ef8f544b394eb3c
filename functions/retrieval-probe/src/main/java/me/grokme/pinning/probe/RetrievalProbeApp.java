package me.grokme.pinning.probe;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.ledger.DynamoDbClients;
import me.grokme.pinning.lifecycle.InvocationDeadline;
import me.grokme.pinning.lifecycle.SnapStartHooks;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.verify.GatewayVerifier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The retrieval probe's composition root. */
public final class RetrievalProbeApp {

    private RetrievalProbeApp() {
    }

    /** Production wiring. */
    public static ProbeService fromEnvironment(Map<String, String> environment, InvocationDeadline deadline) {
        ProbeConfig config = ProbeConfig.fromEnvironment(environment);
        Clock clock = Clock.systemUTC();
        DynamoDbClient dynamo = DynamoDbClients.create(config.dynamoDbEndpoint());
        AwsSecretResolver secrets = AwsSecretResolver.standard(clock);
        OkHttpClusterClient cluster = new OkHttpClusterClient(clusterConfig(config, secrets), deadline);
        SnapStartHooks.register(() -> {
            secrets.clear();
            cluster.evictConnections();
        });
        return build(config, dynamo, cluster, clock, new SecureRandom(), System.out);
    }

    /** Single-CID status reads only (short streams), two retries: a probe's cluster call is cheap to repeat. */
    public static ClusterClientConfig clusterConfig(ProbeConfig config, SecretResolver secrets) {
        return ClusterClientConfig.builder(config.clusterUrls()).auth(ClusterAuth.fromSecret(config.clusterCredentials(), secrets))
                .timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(60))
                .streams(Duration.ofMinutes(1), Duration.ofMinutes(1)).retries(2, Duration.ofMillis(500)).build();
    }

    public static ProbeService build(ProbeConfig config, DynamoDbClient dynamo, ClusterClient cluster, Clock clock, Random random, PrintStream logs) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        Map<String, GatewayVerifier> gateways = new LinkedHashMap<>();
        config.gateways().forEach((region, url) -> gateways.put(region, new GatewayVerifier(url, http, config.requestTimeout())));
        return new ProbeService(new ProbeStore(dynamo, config.ledgerTable()), gateways, cluster, config, clock, random,
                new JsonLog("retrieval-probe", "probe", logs, clock), new Emf(config.metricsNamespace(), logs, clock));
    }
}
