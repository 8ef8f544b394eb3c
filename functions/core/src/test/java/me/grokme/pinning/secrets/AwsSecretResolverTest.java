package me.grokme.pinning.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import me.grokme.pinning.clock.ManualClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParameterRequest;
import software.amazon.awssdk.services.ssm.model.GetParameterResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

class AwsSecretResolverTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-24T10:00:00Z"));
    private final AtomicInteger smCalls = new AtomicInteger();
    private final AtomicInteger ssmCalls = new AtomicInteger();
    private volatile String smValue = "{\"alchemy\":\"whsec_1\",\"n\":5}";

    private final SecretsManagerClient sm = new SecretsManagerClient() {
        @Override
        public GetSecretValueResponse getSecretValue(Consumer<GetSecretValueRequest.Builder> r) {
            GetSecretValueRequest req = GetSecretValueRequest.builder().applyMutation(r).build();
            smCalls.incrementAndGet();
            if (req.secretId().equals("missing")) {
                throw ResourceNotFoundException.builder().message("Secrets Manager can't find the specified secret.").build();
            }
            return GetSecretValueResponse.builder().secretString(smValue).build();
        }

        @Override
        public String serviceName() {
            return "secretsmanager";
        }

        @Override
        public void close() {
        }
    };

    private final SsmClient ssm = new SsmClient() {
        @Override
        public GetParameterResponse getParameter(Consumer<GetParameterRequest.Builder> r) {
            GetParameterRequest req = GetParameterRequest.builder().applyMutation(r).build();
            ssmCalls.incrementAndGet();
            assertTrue(req.withDecryption(), "SecureString parameters are decrypted");
            return GetParameterResponse.builder().parameter(Parameter.builder().name(req.name()).value("qn-token").build()).build();
        }

        @Override
        public String serviceName() {
            return "ssm";
        }

        @Override
        public void close() {
        }
    };

    private final AwsSecretResolver resolver = new AwsSecretResolver(() -> sm, () -> ssm, clock, Duration.ofMinutes(5));

    @Test
    void aJsonKeyPicksOneFieldOfASecretsManagerSecret() {
        assertEquals("whsec_1", resolver.resolve(new SecretRef.SecretsManager("arn:x", Optional.of("alchemy"))));
        assertEquals(smValue, resolver.resolve(new SecretRef.SecretsManager("arn:whole", Optional.empty())));
    }

    @Test
    void valuesAreCachedForTheTtlThenRefetched() {
        SecretRef ref = new SecretRef.SsmParameter("/grokme/quicknode");
        assertEquals("qn-token", resolver.resolve(ref));
        assertEquals("qn-token", resolver.resolve(ref));
        assertEquals(1, ssmCalls.get());
        clock.advance(Duration.ofMinutes(6));
        resolver.resolve(ref);
        assertEquals(2, ssmCalls.get(), "a rotated secret is picked up after the TTL");
        resolver.clear();
        resolver.resolve(ref);
        assertEquals(3, ssmCalls.get());
    }

    @Test
    void invalidateRefetchesOneSecretBeforeItsTtlAndKeepsTheOthersCached() {
        SecretRef cluster = new SecretRef.SecretsManager("arn:cluster", Optional.empty());
        SecretRef quicknode = new SecretRef.SsmParameter("/grokme/quicknode");
        resolver.resolve(cluster);
        resolver.resolve(quicknode);
        smValue = "pinning:new-pw";
        resolver.invalidate(cluster);
        assertEquals("pinning:new-pw", resolver.resolve(cluster));
        resolver.resolve(quicknode);
        assertEquals(2, smCalls.get());
        assertEquals(1, ssmCalls.get());
    }

    @Test
    void failuresAreUnavailableWithoutTheValueOrIdInTheMessage() {
        SecretUnavailableException e = assertThrows(SecretUnavailableException.class,
                () -> resolver.resolve(new SecretRef.SecretsManager("missing", Optional.empty())));
        assertTrue(e.getMessage().contains("ResourceNotFoundException"), e.getMessage());
        assertThrows(SecretUnavailableException.class, () -> resolver.resolve(new SecretRef.SecretsManager("arn:x", Optional.of("n"))),
                "a non-text field is refused");
        smValue = "not json";
        assertThrows(SecretUnavailableException.class, () -> resolver.resolve(new SecretRef.SecretsManager("arn:y", Optional.of("k"))));
    }

    @Test
    void referencesParseAndPlainValuesNeverPrint() {
        assertEquals(new SecretRef.SecretsManager("arn:aws:secretsmanager:eu:1:secret:wh", Optional.of("alchemy")),
                SecretRef.parse("secretsmanager:arn:aws:secretsmanager:eu:1:secret:wh#alchemy"));
        assertEquals(new SecretRef.SsmParameter("/a/b"), SecretRef.parse("ssm:/a/b"));
        assertFalse(SecretRef.parse("plain:hunter2").toString().contains("hunter2"));
        assertThrows(IllegalArgumentException.class, () -> SecretRef.parse("hunter2"));
        assertEquals("x", SecretResolver.plainOnly().resolve(new SecretRef.Plain("x")));
        assertThrows(SecretUnavailableException.class, () -> SecretResolver.plainOnly().resolve(new SecretRef.SsmParameter("/a")));
    }
}
