package me.grokme.pinning.webhook.providers;

import java.util.List;
import java.util.Optional;

/**
 * The one list of providers. To add one: its {@link ProviderAdapter} in this package and one line here; then its
 * sample in events/, its row in the pin-webhook README and its secret in template.yaml ({@code ProviderRegistryTest}
 * fails until the sample and the README row exist).
 */
public final class WebhookProviders {

    public static final List<WebhookProvider> ALL = List.of(
            new WebhookProvider("alchemy", "ALCHEMY_SIGNING_KEY", (secret, s) -> new AlchemyAdapter(secret)),
            new WebhookProvider("quicknode", "QUICKNODE_SECURITY_TOKEN",
                    (secret, s) -> new QuickNodeAdapter(secret, s.signatureTolerance(), s.quickNodeChainId(), s.maxBodyBytes())),
            new WebhookProvider("moralis", "MORALIS_STREAMS_SECRET", (secret, s) -> new MoralisAdapter(secret)),
            new WebhookProvider("logs", "LOGS_SIGNING_SECRET", (secret, s) -> new PlainLogsAdapter(secret, s.signatureTolerance(), s.logsChainId())));

    private WebhookProviders() {
    }

    public static Optional<WebhookProvider> named(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
