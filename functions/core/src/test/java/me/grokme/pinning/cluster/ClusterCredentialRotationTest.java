package me.grokme.pinning.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.secrets.AwsSecretResolver;
import me.grokme.pinning.secrets.SecretRef;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Rotating the cluster password while a client runs: the peers' accepted users (a map in
 * {@code basic_auth_credentials}) and the secret in Secrets Manager change; the client, built once, follows
 * through the real resolver's cache (fed by a fake Secrets Manager).
 */
class ClusterCredentialRotationTest {

    private static final SecretRef CREDENTIALS = new SecretRef.SecretsManager("arn:aws:secretsmanager:eu-west-1:1:secret:cluster", Optional.empty());

    private final MockWebServer server = new MockWebServer();
    /** What the peers accept, as {@code user:password}. */
    private final Set<String> accepted = new CopyOnWriteArraySet<>();
    private final List<String> sent = new CopyOnWriteArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-02T00:00:00Z"));
    private final AtomicInteger fetches = new AtomicInteger();
    private volatile String stored = "pinning:old-pw";
    private final SecretsManagerClient secretsManager = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(Consumer<GetSecretValueRequest.Builder> r) {
            fetches.incrementAndGet();
            return GetSecretValueResponse.builder().secretString(stored).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };
    private final AwsSecretResolver secrets = new AwsSecretResolver(() -> secretsManager, () -> {
        throw new AssertionError("no SSM here");
    }, clock, Duration.ofMinutes(5));
    private ClusterClient client;

    @BeforeEach
    void start() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest r) {
                String header = r.getHeaders().get("Authorization");
                String userPassword = header == null ? "" : new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
                sent.add(userPassword);
                return accepted.contains(userPassword) ? ClusterClientFixtureTest.json(200, "id.json")
                        : ClusterClientFixtureTest.json(401, "error-401.json");
            }
        });
        server.start(0);
        accepted.add("pinning:old-pw");
        ClusterClientConfig config = new ClusterClientConfig(URI.create(server.url("/").toString()),
                ClusterAuth.fromSecret(Optional.of(CREDENTIALS), secrets), Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), Duration.ofSeconds(5), 2, Duration.ofMillis(100));
        client = new OkHttpClusterClient(config, new OkHttpClient(), d -> { });
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void buildingTheClientFetchesNoSecret() {
        assertEquals(0, fetches.get(), "a SnapStart snapshot holds no credential");
        client.id();
        assertEquals(1, fetches.get());
    }

    @Test
    void zeroDowntimeRotationReachesTheRunningClientWhenItsCacheExpires() {
        client.id();
        accepted.add("pinning-2:new-pw");
        stored = "pinning-2:new-pw";
        clock.advance(Duration.ofMinutes(5));
        client.id();
        accepted.remove("pinning:old-pw");
        client.id();
        assertEquals(List.of("pinning:old-pw", "pinning-2:new-pw", "pinning-2:new-pw"), sent);
        assertEquals(2, fetches.get());
    }

    @Test
    void a401AfterTheSecretChangedRefreshesItOnceAndRetriesOnce() {
        client.id();
        // The peers and the secret both changed; the client's cached value is still the old one.
        accepted.clear();
        accepted.add("pinning:new-pw");
        stored = "pinning:new-pw";
        assertEquals("eu-1", client.id().peername());
        assertEquals(List.of("pinning:old-pw", "pinning:old-pw", "pinning:new-pw"), sent);
        assertEquals(2, fetches.get(), "one fetch at first use, one refresh after the 401");
    }

    @Test
    void aStreamRetriesOnceWithRefreshedCredentialsToo() {
        client.id();
        accepted.clear();
        accepted.add("pinning:new-pw");
        stored = "pinning:new-pw";
        // /peers answers id.json as a single-object stream here: enough to see it accepted.
        List<ClusterPeer> peers = new ArrayList<>();
        client.peers(peers::add);
        assertEquals(1, peers.size());
        assertEquals(List.of("pinning:old-pw", "pinning:old-pw", "pinning:new-pw"), sent);
    }

    @Test
    void aSecretThatIsStillWrongAfterTheRefreshIsAnAuthErrorAfterOneRetry() {
        client.id();
        accepted.clear();
        accepted.add("pinning:newest-pw");
        stored = "pinning:not-yet-right";
        ClusterAuthException e = assertThrows(ClusterAuthException.class, () -> client.id());
        assertEquals(401, e.httpStatus());
        assertEquals(List.of("pinning:old-pw", "pinning:old-pw", "pinning:not-yet-right"), sent);
        assertEquals(2, fetches.get());
        assertFalse(e.getMessage().contains("pw"), "credentials never in messages");
    }

    @Test
    void anUnchangedSecretIsNotSentAgain() {
        accepted.clear();
        ClusterAuthException e = assertThrows(ClusterAuthException.class, () -> client.id());
        assertEquals(401, e.httpStatus());
        assertEquals(1, sent.size(), "the refreshed secret is the same: a second try would be refused the same way");
        assertEquals(2, fetches.get());
    }

    @Test
    void aMalformedSecretIsAnAuthErrorNamingTheVariableNotTheValue() {
        stored = "no-colon-here";
        ClusterAuthException e = assertThrows(ClusterAuthException.class, () -> client.id());
        assertTrue(e.getMessage().contains("CLUSTER_CREDENTIALS"), e.getMessage());
        assertFalse(e.getMessage().contains("no-colon-here"));
        assertEquals(0, sent.size(), "nothing is sent without usable credentials");
    }
}
