package me.grokme.pinning.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import me.grokme.pinning.webhook.providers.Delivery;
import me.grokme.pinning.webhook.providers.ProviderAdapter;
import me.grokme.pinning.webhook.providers.ProviderSettings;
import me.grokme.pinning.webhook.providers.Verification;
import me.grokme.pinning.webhook.providers.WebhookProvider;
import me.grokme.pinning.webhook.providers.WebhookProviders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a registered provider must come with: a sample delivery in events/, a row in the pin-webhook README and in
 * events/README.md's test secrets, a test secret the sample verifies with, and a verification that refuses the
 * sample under a wrong secret or over a changed body.
 */
class ProviderRegistryTest {

    private static final ProviderSettings SETTINGS = new ProviderSettings(Duration.ofMinutes(5), 1, 1, 1 << 20);
    private static final Instant SIGNED_AT = Instant.ofEpochSecond(Deliveries.SAMPLE_TIMESTAMP);

    static Stream<WebhookProvider> providers() {
        return WebhookProviders.ALL.stream();
    }

    @Test
    void namesAndSecretVariablesAreEachRegisteredOnce() {
        assertEquals(WebhookProviders.ALL.size(), new HashSet<>(WebhookProviders.ALL.stream().map(WebhookProvider::name).toList()).size());
        assertEquals(WebhookProviders.ALL.size(), new HashSet<>(WebhookProviders.ALL.stream().map(WebhookProvider::secretVariable).toList()).size());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theAdapterAnswersToItsRegisteredName(WebhookProvider provider) {
        assertEquals(provider.name(), provider.create(() -> "any", SETTINGS).name());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void eachProviderIsDocumentedInTheModuleReadmeAndTheSampleSecrets(WebhookProvider provider) throws IOException {
        String readme = Files.readString(repository().resolve("functions/pin-webhook/README.md"));
        assertTrue(readme.contains("| `" + provider.name() + "` |"), "functions/pin-webhook/README.md has no Providers row for " + provider.name());
        assertTrue(readme.contains("`" + provider.secretVariable() + "`"), "functions/pin-webhook/README.md does not name " + provider.secretVariable());
        String samples = Files.readString(SampleEventsIT.eventsDir().resolve("README.md"));
        assertTrue(samples.contains("| " + provider.name() + " | `" + provider.secretVariable() + "` |"),
                "events/README.md has no test secret row for " + provider.name());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void theSampleVerifiesWithTheTestSecretAndNotWithAWrongOne(WebhookProvider provider) throws IOException {
        Delivery sample = sample(provider);
        ProviderAdapter right = provider.create(() -> testSecret(provider), SETTINGS);
        assertInstanceOf(Verification.Verified.class, right.verify(right.decode(sample)), provider.name() + "'s sample under its test secret");
        ProviderAdapter wrong = provider.create(() -> testSecret(provider) + "-wrong", SETTINGS);
        assertInstanceOf(Verification.Rejected.class, wrong.verify(wrong.decode(sample)), provider.name() + " under a wrong secret");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void aSignatureOverAnotherBodyIsRejected(WebhookProvider provider) throws IOException {
        Delivery sample = sample(provider);
        byte[] changed = new String(sample.body(), StandardCharsets.UTF_8).replace("\"", " \"").getBytes(StandardCharsets.UTF_8);
        ProviderAdapter adapter = provider.create(() -> testSecret(provider), SETTINGS);
        Delivery tampered = new Delivery(sample.headers(), changed, sample.receivedAt());
        assertInstanceOf(Verification.Rejected.class, adapter.verify(adapter.decode(tampered)), provider.name() + " over a changed body");
    }

    /** events/webhook-{name}.json as the handler turns it into a delivery, received when it was signed. */
    private static Delivery sample(WebhookProvider provider) throws IOException {
        Path file = SampleEventsIT.eventsDir().resolve("webhook-" + provider.name() + ".json");
        assertTrue(Files.isRegularFile(file), "no sample delivery " + file + " (SampleEvents.main writes it)");
        APIGatewayV2HTTPEvent event = SampleEvents.read(file);
        Map<String, String> headers = new LinkedHashMap<>();
        event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
        return new Delivery(headers, event.getBody().getBytes(StandardCharsets.UTF_8), SIGNED_AT);
    }

    /** The documented test secret, as the tests' environment gives it ({@code plain:<value>}). */
    private static String testSecret(WebhookProvider provider) {
        String ref = Deliveries.environment("t", "http://127.0.0.1:1").get(provider.secretVariable());
        assertNotNull(ref, "Deliveries.environment has no test secret for " + provider.secretVariable());
        return ref.substring("plain:".length());
    }

    private static Path repository() {
        return SampleEventsIT.eventsDir().toAbsolutePath().normalize().getParent();
    }
}
