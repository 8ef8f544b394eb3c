package me.grokme.pinning.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterType;

/**
 * The resolver against real Secrets Manager and SSM APIs in LocalStack. Needs a Docker engine: without one
 * the whole class is reported as skipped. The image is pinned to a tag that runs without an account token.
 */
@Testcontainers(disabledWithoutDocker = true)
class AwsSecretResolverLocalStackIT {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.4.0"))
            .withServices("secretsmanager", "ssm");

    private static <B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, ?>> B configure(B builder) {
        return builder.endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                        LOCALSTACK.getSecretKey())));
    }

    @Test
    void readsSecretsManagerJsonKeysAndSecureStringParameters() {
        SecretsManagerClient sm = configure(SecretsManagerClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        SsmClient ssm = configure(SsmClient.builder()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        sm.createSecret(r -> r.name("grokme/webhooks").secretString("{\"alchemy\":\"whsec_local\"}"));
        ssm.putParameter(r -> r.name("/grokme/quicknode").value("qn-local").type(ParameterType.SECURE_STRING));
        AwsSecretResolver resolver = new AwsSecretResolver(() -> sm, () -> ssm, Clock.systemUTC(), Duration.ofMinutes(5));
        assertEquals("whsec_local", resolver.resolve(new SecretRef.SecretsManager("grokme/webhooks", Optional.of("alchemy"))));
        assertEquals("qn-local", resolver.resolve(new SecretRef.SsmParameter("/grokme/quicknode")));
    }
}
