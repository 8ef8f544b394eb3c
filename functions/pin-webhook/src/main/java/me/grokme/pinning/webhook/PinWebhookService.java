package me.grokme.pinning.webhook;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.MalformedLogException;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.chain.RpcUnavailableException;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.mint.ClusterBudget;
import me.grokme.pinning.mint.MintIntake;
import me.grokme.pinning.secrets.SecretUnavailableException;
import me.grokme.pinning.webhook.providers.BodyTooLargeException;
import me.grokme.pinning.webhook.providers.Delivery;
import me.grokme.pinning.webhook.providers.MalformedDeliveryException;
import me.grokme.pinning.webhook.providers.ProviderAdapter;
import me.grokme.pinning.webhook.providers.Verification;

/**
 * Pin on mint: verify the delivery, decode its logs, record every mint durably, then ask the cluster to pin.
 *
 * <p>The ledger write comes first and is what the answer acknowledges: if it fails the answer is 503 and
 * the indexer retries (every write is idempotent). The cluster call comes after; if the cluster cannot be
 * reached the request stays PENDING with its next attempt scheduled and the answer is 202 — the health
 * sweep submits it later. Nothing acknowledged is lost.
 *
 * <p>The answer must reach the indexer before it gives up (Alchemy: 5 s), so the cluster gets a fixed budget
 * ({@code WEBHOOK_CLUSTER_BUDGET}, never past the Lambda's remaining time less {@link #reserve}): every log is
 * recorded first, then pins are sent while the next call fits, and the rest stay PENDING for the pin drain (202).
 * A delivery with more than {@code MAX_LOGS_PER_DELIVERY} logs is refused (413) before anything is written.
 */
public final class PinWebhookService {

    private final Map<String, ProviderAdapter> providers;
    private final MintDecoder decoder;
    private final MintIntake intake;
    private final WebhookConfig config;
    private final Clock clock;
    private final JsonLog log;
    private final Emf metrics;
    private final LongSupplier nanoTime;

    /** @param nanoTime the monotonic clock the cluster time budget is measured on ({@code System::nanoTime}) */
    public PinWebhookService(List<ProviderAdapter> providers, MintDecoder decoder, MintIntake intake, WebhookConfig config,
            Clock clock, JsonLog log, Emf metrics, LongSupplier nanoTime) {
        Map<String, ProviderAdapter> byName = new LinkedHashMap<>();
        providers.forEach(p -> byName.put(p.name(), p));
        this.providers = Map.copyOf(byName);
        this.decoder = decoder;
        this.intake = intake;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    public WebhookResult handle(WebhookRequest request) {
        long arrived = nanoTime.getAsLong(); // the Lambda's remaining time was read now; recording spends some of it
        ProviderAdapter provider = providers.get(request.provider().toLowerCase(Locale.ROOT));
        if (provider == null) {
            return new WebhookResult.UnknownProvider(request.provider());
        }
        if (request.body().length > config.maxBodyBytes()) {
            return new WebhookResult.TooLarge("body is " + request.body().length + " bytes; the limit is " + config.maxBodyBytes());
        }
        String contentType = request.headers().getOrDefault("content-type", "");
        if (!isJson(contentType)) {
            return new WebhookResult.UnsupportedMediaType("Content-Type must be application/json, got "
                    + (contentType.isEmpty() ? "none" : contentType.length() > 60 ? contentType.substring(0, 60) : contentType));
        }
        List<ChainLog> logs;
        try {
            Delivery delivery = provider.decode(new Delivery(request.headers(), request.body(), clock.instant()));
            Verification v = provider.verify(delivery);
            if (v instanceof Verification.Rejected rejected) {
                log.warn("signature rejected", Map.of("request_id", request.requestId(), "provider", provider.name(),
                        "reason", rejected.reason()));
                return new WebhookResult.Unauthorized(rejected.reason());
            }
            logs = provider.parse(delivery);
        } catch (BodyTooLargeException e) {
            return new WebhookResult.TooLarge(e.getMessage());
        } catch (MalformedLogException e) {
            String detail = e instanceof MalformedDeliveryException m ? m.detail() : "";
            log.warn("malformed delivery", Map.of("request_id", request.requestId(), "provider", provider.name(),
                    "reason", e.getMessage(), "detail", detail));
            return new WebhookResult.BadRequest(e.getMessage());
        } catch (SecretUnavailableException e) {
            log.error("signing secret unavailable", Map.of("request_id", request.requestId(), "provider", provider.name()));
            return new WebhookResult.Unavailable("signing secret unavailable");
        }
        if (logs.size() > config.maxLogsPerDelivery()) {
            // Checked before any write: the sender splits the delivery (or we raise the limit) and nothing is half-done.
            log.warn("too many logs in one delivery", Map.of("request_id", request.requestId(), "provider", provider.name(),
                    "logs", logs.size(), "limit", config.maxLogsPerDelivery()));
            return new WebhookResult.TooLarge("delivery has " + logs.size() + " logs; the limit is " + config.maxLogsPerDelivery()
                    + " (MAX_LOGS_PER_DELIVERY)");
        }
        try {
            return process(provider.name(), logs, request, arrived);
        } catch (LedgerUnavailableException e) {
            log.error("ledger unavailable, nothing acknowledged", Map.of("request_id", request.requestId(), "error", e.getMessage()));
            return new WebhookResult.Unavailable("ledger unavailable, retry later");
        } catch (RpcUnavailableException e) {
            // ERC-721 mode reads tokenURI before recording; what was recorded so far is idempotent on retry.
            log.error("chain RPC unavailable, delivery not acknowledged", Map.of("request_id", request.requestId(), "error", e.getMessage()));
            return new WebhookResult.Unavailable("chain RPC unavailable, retry later");
        }
    }

    static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json");
    }

    private WebhookResult process(String provider, List<ChainLog> logs, WebhookRequest request, long arrived) {
        MintIntake.Batch batch = intake.batch(provider, request.requestId());
        for (ChainLog chainLog : logs) {
            batch.add(decoder.decode(chainLog), chainLog);
        }
        Duration budget = budget(request.timeLeft().map(left -> left.minusNanos(nanoTime.getAsLong() - arrived)));
        batch.submit(ClusterBudget.of(budget, nanoTime));
        if (batch.leftPending() > 0) {
            log.info("pins left for the pin drain", Map.of("request_id", request.requestId(), "left_pending", batch.leftPending(),
                    "budget_ms", budget.toMillis()));
        }
        emitMetrics(provider, batch.counts(), batch.deferred(), batch.leftPending());
        return new WebhookResult.Processed(provider, batch.results(), batch.deferred());
    }

    /** The configured budget, cut so that a call started within it ends before the Lambda does ({@code timeLeft}: as of now). */
    Duration budget(Optional<Duration> timeLeft) {
        Duration budget = config.clusterBudget();
        if (timeLeft.isPresent()) {
            Duration usable = timeLeft.get().minus(reserve());
            budget = usable.isNegative() ? Duration.ZERO : usable.compareTo(budget) < 0 ? usable : budget;
        }
        return budget;
    }

    /**
     * Kept from the Lambda's remaining time: the longest one cluster call may take (the client's call timeout,
     * twice CLUSTER_TIMEOUT, see {@link PinWebhookApp#clusterConfig}) plus a second for the ledger writes and the answer.
     */
    private Duration reserve() {
        return config.clusterTimeout().multipliedBy(2).plusSeconds(1);
    }

    private void emitMetrics(String provider, Map<String, Long> counts, boolean deferred, int leftPending) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        counts.forEach((k, v) -> values.put(k, Emf.Value.count(v)));
        values.put("deliveries", Emf.Value.count(1));
        values.put("cluster_deferred", Emf.Value.count(deferred ? 1 : 0));
        values.put("left_pending", Emf.Value.count(leftPending));
        metrics.emit(Map.of("Provider", provider), values);
    }
}
