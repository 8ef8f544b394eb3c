package me.grokme.pinning.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Secrets Manager and SSM Parameter Store through the SDK, fetched on first use and cached for a TTL (so
 * a rotated secret is picked up without a redeploy). Clients are built lazily: a function that never
 * needs one never pays for it. The SDK modules are optional dependencies of core: functions that use this
 * class declare {@code secretsmanager} and {@code ssm} themselves.
 */
public final class AwsSecretResolver implements SecretResolver {

    private record Cached(String value, Instant fetchedAt) {
    }

    private final Supplier<SecretsManagerClient> secretsManager;
    private final Supplier<SsmClient> ssm;
    private final Clock clock;
    private final Duration ttl;
    private final Map<SecretRef, Cached> cache = new ConcurrentHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    public AwsSecretResolver(Supplier<SecretsManagerClient> secretsManager, Supplier<SsmClient> ssm, Clock clock, Duration ttl) {
        this.secretsManager = memoize(secretsManager);
        this.ssm = memoize(ssm);
        this.clock = clock;
        this.ttl = ttl;
    }

    /** Secrets Manager and SSM clients built on first use with the URLConnection HTTP client. */
    public static AwsSecretResolver standard(Clock clock) {
        return new AwsSecretResolver(
                () -> SecretsManagerClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                () -> SsmClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).build(),
                clock, Duration.ofMinutes(5));
    }

    private static <T> Supplier<T> memoize(Supplier<T> s) {
        return new Supplier<>() {
            private volatile T value;

            @Override
            public T get() {
                T v = value;
                if (v == null) {
                    synchronized (this) {
                        if (value == null) {
                            value = s.get();
                        }
                        v = value;
                    }
                }
                return v;
            }
        };
    }

    @Override
    public String resolve(SecretRef ref) {
        Instant now = clock.instant();
        Cached c = cache.get(ref);
        if (c != null && c.fetchedAt().plus(ttl).isAfter(now)) {
            return c.value();
        }
        String value = fetch(ref);
        cache.put(ref, new Cached(value, now));
        return value;
    }

    @Override
    public void invalidate(SecretRef ref) {
        cache.remove(ref);
    }

    /** Drops cached values (e.g. after a SnapStart restore, so a snapshot never carries a stale secret). */
    public void clear() {
        cache.clear();
    }

    private String fetch(SecretRef ref) {
        try {
            return switch (ref) {
                case SecretRef.Plain plain -> plain.value();
                case SecretRef.SsmParameter p -> ssm.get().getParameter(r -> r.name(p.name()).withDecryption(true)).parameter().value();
                case SecretRef.SecretsManager sm -> {
                    String raw = secretsManager.get().getSecretValue(r -> r.secretId(sm.secretId())).secretString();
                    if (sm.jsonKey().isEmpty()) {
                        yield raw;
                    }
                    JsonNode node = json.readTree(raw).get(sm.jsonKey().get());
                    if (node == null || !node.isTextual()) {
                        throw new SecretUnavailableException("secret has no text field named " + sm.jsonKey().get(), null);
                    }
                    yield node.asText();
                }
            };
        } catch (SdkException e) {
            throw new SecretUnavailableException("fetching a " + ref.getClass().getSimpleName() + " secret failed: "
                    + e.getClass().getSimpleName(), e);
        } catch (IOException e) {
            throw new SecretUnavailableException("secret is not JSON although a key was named", e);
        }
    }
}
