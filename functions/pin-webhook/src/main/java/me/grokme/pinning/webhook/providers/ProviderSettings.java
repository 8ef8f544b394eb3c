package me.grokme.pinning.webhook.providers;

import java.time.Duration;

/**
 * The configuration adapters may use besides their secret.
 *
 * @param signatureTolerance replay window of timestamped signature schemes
 * @param quickNodeChainId   chain of QuickNode deliveries that do not name one
 * @param logsChainId        chain of plain-logs deliveries
 * @param maxBodyBytes       body limit, also after a transport encoding is undone
 */
public record ProviderSettings(Duration signatureTolerance, long quickNodeChainId, long logsChainId, int maxBodyBytes) {
}
