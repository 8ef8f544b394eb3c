package me.grokme.pinning.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.embedded.DynamoDBEmbedded;
import software.amazon.dynamodb.services.local.shared.access.AmazonDynamoDBLocal;

/**
 * The whole system on one machine, on embedded defaults: DynamoDB Local in-process, the cluster simulator
 * on loopback, and the local API gateway. The composition root for local runs; functions are registered
 * on it as routes and periodic tasks.
 */
public final class LocalSystem implements AutoCloseable {

    /** What to start. */
    public record Options(int gatewayPort, int simulatorPort, int peers, Duration pinDelay) {
        public static Options defaults() {
            return new Options(8080, 9094, 3, Duration.ofSeconds(2));
        }
    }

    private final AmazonDynamoDBLocal dynamoLocal;
    private final DynamoDbClient dynamoDb;
    private final ClusterSimulator simulator;
    private final LocalGateway gateway;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("local-timer").factory());

    private LocalSystem(Options options) throws IOException {
        this.dynamoLocal = DynamoDBEmbedded.create();
        this.dynamoDb = dynamoLocal.dynamoDbClient();
        this.simulator = ClusterSimulator.start(SimulatorConfig.ofPeers(options.peers())
                .withPort(options.simulatorPort()).withPinDelay(options.pinDelay()));
        this.gateway = new LocalGateway(options.gatewayPort());
        ObjectMapper json = new ObjectMapper();
        gateway.route("GET", "/local/health", event -> {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("status", "ok");
            body.put("gateway", gateway.baseUrl());
            body.put("cluster_simulator", simulator.baseUrl().toString());
            body.put("cluster_peers", simulator.config().peers().size());
            body.put("dynamodb", "in-process DynamoDB Local, tables " + dynamoDb.listTables().tableNames());
            body.put("routes", gateway.routeKeys());
            try {
                return APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                        .withHeaders(Map.of("content-type", "application/json"))
                        .withBody(json.writeValueAsString(body)).build();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Starts every part; close it to stop them. */
    public static LocalSystem start(Options options) {
        try {
            return new LocalSystem(options);
        } catch (IOException e) {
            throw new UncheckedIOException("local gateway could not listen on 127.0.0.1:" + options.gatewayPort(), e);
        }
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public ClusterSimulator simulator() {
        return simulator;
    }

    public LocalGateway gateway() {
        return gateway;
    }

    /** Runs {@code task} every {@code period} (first run after one period); failures are printed, not fatal. */
    public void every(Duration period, String name, Runnable task) {
        timers.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                System.err.println("local timer " + name + " failed: " + e);
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        timers.shutdownNow();
        gateway.close();
        simulator.close();
        dynamoLocal.shutdown();
    }
}
