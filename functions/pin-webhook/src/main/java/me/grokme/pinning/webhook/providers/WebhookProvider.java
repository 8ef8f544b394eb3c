package me.grokme.pinning.webhook.providers;

import java.util.function.Supplier;

/**
 * One provider as the webhook knows it: the {@code {provider}} path segment, the variable holding its signing secret
 * (unset = the provider is disabled), and how its adapter is built.
 */
public record WebhookProvider(String name, String secretVariable, Factory factory) {

    /** Builds the adapter from its signing secret (resolved per delivery, so a rotation is followed) and the settings. */
    @FunctionalInterface
    public interface Factory {
        ProviderAdapter create(Supplier<String> secret, ProviderSettings settings);
    }

    public ProviderAdapter create(Supplier<String> secret, ProviderSettings settings) {
        return factory.create(secret, settings);
    }
}
