package me.grokme.pinning.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.chain.DecodeOutcome;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.IpfsUris;
import me.grokme.pinning.cid.UriExtraction;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterException;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinOperation;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.RecordOutcome;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;
import me.grokme.pinning.secrets.SecretUnavailableException;
import me.grokme.pinning.webhook.providers.BodyTooLargeException;
import me.grokme.pinning.webhook.providers.ChainLog;
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
 */
public final class PinWebhookService {

    /** First retry of a pin the cluster did not take; the sweep backs off further. */
    static final Duration RETRY_AFTER = Duration.ofMinutes(1);

    private final Map<String, ProviderAdapter> providers;
    private final MintDecoder decoder;
    private final Ledger ledger;
    private final ClusterClient cluster;
    private final WebhookConfig config;
    private final Clock clock;
    private final JsonLog log;
    private final Emf metrics;

    public PinWebhookService(List<ProviderAdapter> providers, MintDecoder decoder, Ledger ledger, ClusterClient cluster,
            WebhookConfig config, Clock clock, JsonLog log, Emf metrics) {
        Map<String, ProviderAdapter> byName = new LinkedHashMap<>();
        providers.forEach(p -> byName.put(p.name(), p));
        this.providers = Map.copyOf(byName);
        this.decoder = decoder;
        this.ledger = ledger;
        this.cluster = cluster;
        this.config = config;
        this.clock = clock;
        this.log = log;
        this.metrics = metrics;
    }

    public WebhookResult handle(WebhookRequest request) {
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
        } catch (MalformedDeliveryException e) {
            return new WebhookResult.BadRequest(e.getMessage());
        } catch (SecretUnavailableException e) {
            log.error("signing secret unavailable", Map.of("request_id", request.requestId(), "provider", provider.name()));
            return new WebhookResult.Unavailable("signing secret unavailable");
        }
        try {
            return process(provider.name(), logs, request);
        } catch (LedgerUnavailableException e) {
            log.error("ledger unavailable, nothing acknowledged", Map.of("request_id", request.requestId(), "error", e.getMessage()));
            return new WebhookResult.Unavailable("ledger unavailable, retry later");
        }
    }

    static boolean isJson(String contentType) {
        String base = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return base.equals("application/json");
    }

    private record ToPin(Cid cid, String tokenId, String txHash, int index) {
    }

    private WebhookResult process(String provider, List<ChainLog> logs, WebhookRequest request) {
        List<LogResult> results = new ArrayList<>();
        Map<Cid, ToPin> toPin = new LinkedHashMap<>();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ChainLog chainLog : logs) {
            DecodeOutcome decoded = decoder.decode(chainLog);
            LogResult r = switch (decoded) {
                case DecodeOutcome.Ignored ignored -> {
                    counts.merge(ignored.counter(), 1L, Long::sum);
                    yield result(chainLog, "ignored", null, null, ignored.reason());
                }
                case DecodeOutcome.Undecodable bad -> {
                    if (chainLog.removed()) {
                        ledger.recordReorged(chainLog.key(), provider);
                        yield result(chainLog, "reorged", null, null, bad.reason());
                    }
                    ledger.recordRejected(chainLog.key(), "unknown", bad.reason(), provider);
                    yield result(chainLog, "rejected", null, null, bad.reason());
                }
                case DecodeOutcome.Mint mint -> recordMint(provider, mint, request, toPin, results.size());
            };
            counts.merge(r.outcome(), 1L, Long::sum);
            results.add(r);
        }
        boolean deferred = false;
        for (ToPin p : toPin.values()) {
            if (deferred) {
                // The cluster just failed: don't spend the indexer's timeout on it again; the sweep submits these.
                results.set(p.index(), withOutcome(results.get(p.index()), "accepted"));
                continue;
            }
            if (submit(p, request)) {
                results.set(p.index(), withOutcome(results.get(p.index()), "pinned"));
                counts.merge("pinned", 1L, Long::sum);
            } else {
                deferred = true;
            }
        }
        emitMetrics(provider, counts, deferred);
        return new WebhookResult.Processed(provider, results, deferred);
    }

    private LogResult recordMint(String provider, DecodeOutcome.Mint mint, WebhookRequest request, Map<Cid, ToPin> toPin, int index) {
        ChainLog chainLog = mint.log();
        String tokenId = mint.tokenId().toString();
        if (chainLog.removed()) {
            ledger.recordReorged(chainLog.key(), provider);
            log.info("mint log removed by a reorg", Map.of("request_id", request.requestId(), "token_id", tokenId, "tx", chainLog.txHash()));
            return result(chainLog, "reorged", tokenId, null, "removed by a chain reorganisation");
        }
        UriExtraction extraction = IpfsUris.extract(mint.uri());
        if (extraction instanceof UriExtraction.Rejected rejected) {
            boolean first = ledger.recordRejected(chainLog.key(), tokenId, rejected.reason(), provider);
            log.info("token URI refused", Map.of("request_id", request.requestId(), "token_id", tokenId, "reason", rejected.reason()));
            return result(chainLog, first ? "rejected" : "duplicate", tokenId, null, rejected.reason());
        }
        Cid cid = ((UriExtraction.Extracted) extraction).cid();
        RecordOutcome outcome = ledger.recordMint(new MintRecord(chainLog.key(), tokenId, cid.toString(), config.capsule(),
                config.replicationMin(), config.replicationMax(), chainLog.blockNumber(), chainLog.blockHash(), provider));
        Map<String, Object> fields = Map.of("request_id", request.requestId(), "token_id", tokenId, "cid", cid.toString(),
                "tx", chainLog.txHash());
        boolean pending;
        String label;
        if (outcome instanceof RecordOutcome.Duplicate) {
            // A redelivery doubles as a retry trigger while the first attempt is still waiting.
            pending = ledger.findPin(cid.toString()).map(PinRequest::state).orElse(PinState.FAILED) == PinState.PENDING;
            label = "duplicate";
            log.info("duplicate delivery", fields);
        } else {
            // New log: the request is PENDING unless another token already had it submitted; markSubmitted's
            // condition sorts that out without an extra read on the hot path.
            pending = true;
            label = "accepted";
            log.info("mint recorded", fields);
        }
        if (pending && !toPin.containsKey(cid)) {
            toPin.put(cid, new ToPin(cid, tokenId, chainLog.txHash(), index));
        }
        return result(chainLog, label, tokenId, cid.toString(), null);
    }

    /** Returns false when the cluster could not take the pin (the request stays PENDING). */
    private boolean submit(ToPin p, WebhookRequest request) {
        Instant now = clock.instant();
        PinOptions options = PinOptions.of(config.capsule() + "-" + p.tokenId(), config.replicationMin(), config.replicationMax())
                .withMetadata(Map.of("tokenId", p.tokenId(), "capsule", config.capsule(), "timestamp", now.toString(),
                        "txHash", p.txHash()));
        Map<String, Object> fields = Map.of("request_id", request.requestId(), "token_id", p.tokenId(), "cid", p.cid().toString());
        try {
            cluster.pin(p.cid(), options);
        } catch (ClusterException e) {
            String error = e.getClass().getSimpleName() + (e.httpStatus() > 0 ? " HTTP " + e.httpStatus() : "")
                    + (e.clusterMessage().isEmpty() ? "" : ": " + e.clusterMessage());
            ledger.recordAttemptFailure(p.cid().toString(), error, now.plus(RETRY_AFTER));
            ledger.recordPinOperation(new PinOperation(p.cid().toString(), "submit", "deferred", error, request.requestId()));
            log.warn("cluster did not take the pin; the sweep will retry", with(fields, "error", error));
            return false;
        }
        if (!ledger.markSubmitted(p.cid().toString(), now)) {
            log.info("pin re-sent for a CID that was already submitted or reorged away", fields);
        }
        ledger.recordPinOperation(new PinOperation(p.cid().toString(), "submit", "ok", "", request.requestId()));
        log.info("pin submitted to the cluster", fields);
        return true;
    }

    private static Map<String, Object> with(Map<String, Object> fields, String k, Object v) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put(k, v);
        return m;
    }

    private static LogResult result(ChainLog l, String outcome, String tokenId, String cid, String reason) {
        return new LogResult(l.txHash(), l.logIndex(), outcome, Optional.ofNullable(tokenId), Optional.ofNullable(cid),
                Optional.ofNullable(reason));
    }

    private static LogResult withOutcome(LogResult r, String outcome) {
        return new LogResult(r.txHash(), r.logIndex(), r.outcome().equals("duplicate") ? "duplicate" : outcome, r.tokenId(), r.cid(),
                r.reason());
    }

    private void emitMetrics(String provider, Map<String, Long> counts, boolean deferred) {
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        counts.forEach((k, v) -> values.put(k, Emf.Value.count(v)));
        values.put("deliveries", Emf.Value.count(1));
        values.put("cluster_deferred", Emf.Value.count(deferred ? 1 : 0));
        metrics.emit(Map.of("Provider", provider), values);
    }
}
