package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import java.util.List;

/**
 * One chain indexer's webhook dialect: how it signs and how it shapes logs. Adapters are pure: no I/O
 * beyond resolving their signing secret. Each is registered once, in {@link WebhookProviders#ALL}.
 */
public interface ProviderAdapter {

    /** The {@code {provider}} path segment. */
    String name();

    /** Undoes transport encodings the signature does not cover (QuickNode's gzip); identity for most. */
    default Delivery decode(Delivery delivery) {
        return delivery;
    }

    /** Checks the signature over the raw body bytes. */
    Verification verify(Delivery delivery);

    /** The delivery's logs, normalised; throws {@link MalformedDeliveryException} naming what is wrong. */
    List<ChainLog> parse(Delivery delivery);
}
