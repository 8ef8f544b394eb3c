package me.grokme.pinning.mint;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.DecodeOutcome;
import me.grokme.pinning.chain.TokenRange;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.IpfsUris;
import me.grokme.pinning.cid.UriExtraction;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.TokenRangeJob;
import me.grokme.pinning.ledger.MintRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.RecordOutcome;
import me.grokme.pinning.ledger.RejectionKind;
import me.grokme.pinning.ledger.TokenRef;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * The one path from a decoded log to a durable record and a cluster pin, shared by the pin webhook and the
 * chain reconciliation, so a log seen by both is recorded once (the ledger's idempotency key) and pinned
 * once.
 *
 * <p>Recording comes first and is what a caller may acknowledge; {@link LedgerUnavailableException} and
 * {@link me.grokme.pinning.chain.RpcUnavailableException} (ERC-721 mode's tokenURI read) propagate so the
 * caller answers "retry". Pinning comes after: if the cluster cannot be reached the request stays PENDING
 * with its next attempt scheduled and the health sweep submits it later.
 *
 * @see me.grokme.pinning.ledger.LedgerUnavailableException
 */
public final class MintIntake {

    private final Ledger ledger;
    private final TokenUriSource tokenUris;
    private final IntakePolicies policies;
    private final JsonLog log;
    private final PinSubmitter submitter;

    /**
     * The most tokens one range log may name and still be followed. Beyond it (ERC-4906's "refresh everything"
     * idiom, {@code BatchMetadataUpdate(0, type(uint256).max)}, or a garbled log) it is recorded as rejected with the reason.
     */
    public static final long MAX_RANGE_TOKENS = 1_000_000;

    /** The reason an accepted log's pin was not sent by this call. */
    public static final String LEFT_FOR_SWEEP = "recorded; the pin is sent by the pin drain (this delivery's cluster time budget was spent)";

    /** One policy for every log (a single capsule). */
    public MintIntake(Ledger ledger, ClusterClient cluster, TokenUriSource tokenUris, IntakePolicy policy, Clock clock, JsonLog log) {
        this(ledger, cluster, tokenUris, IntakePolicies.of(policy), clock, log);
    }

    /** Each log pinned by its capsule's policy, found by the log's chain and contract. */
    public MintIntake(Ledger ledger, ClusterClient cluster, TokenUriSource tokenUris, IntakePolicies policies, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.tokenUris = tokenUris;
        this.policies = policies;
        this.log = log;
        this.submitter = new PinSubmitter(ledger, cluster, clock, log);
    }

    /** One delivery's (or one block range's) logs: record each with {@link Batch#add}, then {@link Batch#submit}. */
    public Batch batch(String provider, String requestId) {
        return new Batch(provider, requestId);
    }

    private record ToPin(Cid cid, String tokenId, int index) {
    }

    /** Not thread-safe: one batch per request. */
    public final class Batch {

        private final String provider;
        private final String requestId;
        private final List<LogResult> results = new ArrayList<>();
        private final Map<Cid, ToPin> toPin = new LinkedHashMap<>();
        /** New logs whose CID another token had already handed to the cluster: nothing to send, only to report. */
        private final List<Integer> alreadyWithCluster = new ArrayList<>();
        private final Map<String, Long> counts = new LinkedHashMap<>();
        private boolean deferred;
        private int leftPending;
        private int refused;

        private Batch(String provider, String requestId) {
            this.provider = provider;
            this.requestId = requestId;
        }

        /** Records one decoded log durably and returns what became of it. */
        public LogResult add(DecodeOutcome decoded, ChainLog chainLog) {
            LogResult r = switch (decoded) {
                case DecodeOutcome.Ignored ignored -> {
                    counts.merge(ignored.counter(), 1L, Long::sum);
                    yield result(chainLog, LogOutcome.IGNORED, null, null, ignored.reason());
                }
                case DecodeOutcome.Undecodable bad -> {
                    if (chainLog.removed()) {
                        ledger.recordReorged(chainLog.key(), provider);
                        yield result(chainLog, LogOutcome.REORGED, null, null, bad.reason());
                    }
                    ledger.recordRejected(chainLog.key(), new TokenRef(capsuleOf(chainLog), "unknown"), RejectionKind.UNDECODABLE,
                            bad.reason(), provider);
                    yield result(chainLog, LogOutcome.REJECTED, null, null, bad.reason());
                }
                case DecodeOutcome.Mint mint -> recordMint(chainLog, mint.tokenId().toString(), mint.uri());
                case DecodeOutcome.TransferMint mint -> recordTransferMint(chainLog, mint);
                case DecodeOutcome.MetadataUpdate update -> recordRange(chainLog, TokenRangeJob.Kind.METADATA_UPDATE, update.tokens());
                case DecodeOutcome.ConsecutiveMint mint -> recordRange(chainLog, TokenRangeJob.Kind.CONSECUTIVE_MINT, mint.tokens());
            };
            counts.merge(r.outcome().wire(), 1L, Long::sum);
            results.add(r);
            return r;
        }

        /**
         * A log naming a range of tokens is recorded as a job, not worked through here: a range may hold thousands of
         * tokens, each a tokenURI read and a pin, far more than a delivery's time allows. The chain reconciliation
         * works every job a page at a time ({@code TokenRangeWorker}), the webhook's and its own alike.
         */
        private LogResult recordRange(ChainLog chainLog, TokenRangeJob.Kind kind, TokenRange tokens) {
            String first = tokens.first().toString();
            if (chainLog.removed()) {
                ledger.reorgTokenRange(chainLog.key(), provider);
                log.info("range log removed by a reorg", Map.of("request_id", requestId, "kind", kind.name(), "tx", chainLog.txHash()));
                return result(chainLog, LogOutcome.REORGED, first, null, "removed by a chain reorganisation");
            }
            if (tokens.size().compareTo(BigInteger.valueOf(MAX_RANGE_TOKENS)) > 0) {
                String reason = kind.name() + " names " + tokens.size() + " tokens [" + first + ", " + tokens.last() + "], more than "
                        + MAX_RANGE_TOKENS + ": recorded, not followed";
                boolean firstTime = ledger.recordRejected(chainLog.key(), new TokenRef(capsuleOf(chainLog), first), RejectionKind.RANGE_TOO_LARGE,
                        reason, provider);
                log.warn("token range refused", Map.of("request_id", requestId, "tx", chainLog.txHash(), "reason", reason));
                return result(chainLog, firstTime ? LogOutcome.REJECTED : LogOutcome.DUPLICATE, first, null, reason);
            }
            boolean recorded = ledger.recordTokenRange(TokenRangeJob.start(chainLog.key(), kind, chainLog.contract(), capsuleOf(chainLog), tokens.first(),
                    tokens.last(), chainLog.blockNumber(), chainLog.blockHash(), provider));
            log.info(recorded ? "token range recorded" : "duplicate delivery", Map.of("request_id", requestId, "kind", kind.name(),
                    "first_token", first, "last_token", tokens.last().toString(), "tx", chainLog.txHash()));
            return result(chainLog, recorded ? LogOutcome.ACCEPTED : LogOutcome.DUPLICATE, first, null, tokens.size() + " token(s) [" + first + ", "
                    + tokens.last() + "] recorded: the chain reconciliation reads their tokenURI and pins them, a page at a time");
        }

        /**
         * One token of a range job: its URI (read at the job's block) recorded and pinned exactly as a mint's, under
         * the token's own key of the job's log, so a page handled twice records each token once.
         */
        public LogResult addRangeToken(TokenRangeJob job, BigInteger tokenId, String uri) {
            Origin origin = new Origin(job.log().forToken(tokenId.toString()), job.blockNumber(), job.blockHash(),
                    policyOf(job.log().chainId(), job.contract()));
            LogResult r = recordMint(origin, tokenId.toString(), uri);
            counts.merge(r.outcome().wire(), 1L, Long::sum);
            results.add(r);
            return r;
        }

        private LogResult recordTransferMint(ChainLog chainLog, DecodeOutcome.TransferMint mint) {
            String tokenId = mint.tokenId().toString();
            if (chainLog.removed()) {
                return recordMint(chainLog, tokenId, "");
            }
            // At the mint's block: a URI updated since (ERC-4906) is pinned by its update's own log, this one by the mint.
            return switch (tokenUris.tokenUriAt(chainLog.chainId(), chainLog.contract(), mint.tokenId(), chainLog.blockNumber())) {
                case TokenUriSource.TokenUri.Found found -> recordMint(chainLog, tokenId, found.uri());
                case TokenUriSource.TokenUri.Reverted reverted -> {
                    boolean first = ledger.recordRejected(chainLog.key(), new TokenRef(capsuleOf(chainLog), tokenId), RejectionKind.TOKEN_URI_REVERTED,
                            reverted.reason(), provider);
                    log.info("tokenURI unreadable", Map.of("request_id", requestId, "token_id", tokenId, "reason", reverted.reason()));
                    yield result(chainLog, first ? LogOutcome.REJECTED : LogOutcome.DUPLICATE, tokenId, null, reverted.reason());
                }
            };
        }

        private LogResult recordMint(ChainLog chainLog, String tokenId, String uri) {
            if (chainLog.removed()) {
                ledger.recordReorged(chainLog.key(), provider);
                log.info("mint log removed by a reorg", Map.of("request_id", requestId, "token_id", tokenId, "tx", chainLog.txHash()));
                return result(chainLog, LogOutcome.REORGED, tokenId, null, "removed by a chain reorganisation");
            }
            return recordMint(new Origin(chainLog.key(), chainLog.blockNumber(), chainLog.blockHash(), policyOf(chainLog.chainId(),
                    chainLog.contract())), tokenId, uri);
        }

        private LogResult recordMint(Origin origin, String tokenId, String uri) {
            LogKey key = origin.key();
            IntakePolicy policy = origin.policy();
            UriExtraction extraction = IpfsUris.extract(uri);
            if (extraction instanceof UriExtraction.Rejected rejected) {
                boolean first = ledger.recordRejected(key, new TokenRef(policy.capsule(), tokenId), kindOf(uri), rejected.reason(), provider);
                log.info("token URI refused", Map.of("request_id", requestId, "token_id", tokenId, "reason", rejected.reason()));
                return result(key, first ? LogOutcome.REJECTED : LogOutcome.DUPLICATE, tokenId, null, rejected.reason());
            }
            UriExtraction.Extracted extracted = (UriExtraction.Extracted) extraction;
            Cid cid = ledger.requestCid(extracted.cid());
            MintRecord mint = new MintRecord(key, tokenId, cid.toString(), policy.capsule(), policy.replicationMin(),
                    policy.replicationMax(), origin.blockNumber(), origin.blockHash(), provider, policy.deepPinning(), extracted.path());
            RecordOutcome outcome = ledger.recordMint(mint);
            Map<String, Object> fields = Map.of("request_id", requestId, "token_id", tokenId, "cid", cid.toString(),
                    "tx", key.txHash());
            // The request as it stood before this log, when there was one: its state says whether the cluster still
            // needs asking. Whoever sends it does so under the name and meta-* it was created with (PinSubmitter).
            Optional<PinRequest> before;
            boolean duplicate = outcome instanceof RecordOutcome.Duplicate;
            if (duplicate) {
                before = ledger.findPin(cid);
                log.info("duplicate delivery", fields);
            } else {
                before = ((RecordOutcome.Recorded) outcome).joined();
                log.info(before.isPresent() ? "mint recorded on the CID's existing request" : "mint recorded",
                        before.isPresent() ? JsonLog.with(fields, "request_state", before.get().state().name()) : fields);
            }
            // A new request is PENDING; an existing one only while its first attempt waits (a redelivery or another
            // token's mint doubles as a retry trigger then).
            boolean pending = before.map(p -> p.state() == PinState.PENDING).orElse(true);
            if (pending && !toPin.containsKey(cid)) {
                toPin.put(cid, new ToPin(cid, tokenId, results.size()));
            } else if (!pending && !duplicate && before.get().state() != PinState.FAILED) {
                alreadyWithCluster.add(results.size());
            }
            return result(key, duplicate ? LogOutcome.DUPLICATE : LogOutcome.ACCEPTED, tokenId, cid.toString(), null);
        }

        /** {@link #submit(ClusterBudget)} without a time limit (the chain reconciliation). */
        public void submit() {
            submit(ClusterBudget.unlimited());
        }

        /**
         * Asks the cluster to pin every CID recorded as pending, while the next call fits the budget (judged by the
         * slowest call so far); a new log whose CID another token had already handed to the cluster is reported as
         * pinned without a call. After the first failure the rest wait for the pin drain rather than spend the caller's
         * time on a cluster that just failed. A request not sent stays PENDING and due (recording made it due now,
         * a redelivery leaves its retry time alone), so the next sweep sends it.
         */
        public void submit(ClusterBudget budget) {
            for (int index : alreadyWithCluster) {
                settle(index, LogOutcome.PINNED);
            }
            alreadyWithCluster.clear();
            Duration slowest = Duration.ZERO;
            for (ToPin p : toPin.values()) {
                if (deferred) {
                    settle(p.index(), LogOutcome.ACCEPTED);
                    continue;
                }
                if (!budget.fits(slowest)) {
                    leaveForSweep(p);
                    continue;
                }
                long started = budget.nanoTime();
                PinSubmitter.Outcome outcome = submitOne(p);
                slowest = max(slowest, Duration.ofNanos(budget.nanoTime() - started));
                switch (outcome) {
                    case SUBMITTED, ALREADY_WITH_CLUSTER -> settle(p.index(), LogOutcome.PINNED);
                    case NOT_CLAIMED -> settle(p.index(), LogOutcome.ACCEPTED); // another caller is sending it right now
                    case DEFERRED -> deferred = true;
                    case REFUSED, DEAD_LETTERED -> refused++; // this pin only: the next one may well be taken
                }
            }
            toPin.clear();
        }

        private void leaveForSweep(ToPin p) {
            LogResult r = results.get(p.index());
            results.set(p.index(), new LogResult(r.txHash(), r.logIndex(), r.outcome(), r.tokenId(), r.cid(),
                    Optional.of(LEFT_FOR_SWEEP)));
            settle(p.index(), LogOutcome.ACCEPTED);
            leftPending++;
        }

        /** A log's final outcome; its count moves with it, so each log is counted once (an accepted log that got pinned is LogOutcome.PINNED). */
        private void settle(int index, LogOutcome outcome) {
            LogResult before = results.get(index);
            LogResult after = withOutcome(before, outcome);
            if (after.outcome() != before.outcome()) {
                counts.merge(before.outcome().wire(), -1L, (a, b) -> a + b == 0 ? null : a + b);
                counts.merge(after.outcome().wire(), 1L, Long::sum);
            }
            results.set(index, after);
        }

        private PinSubmitter.Outcome submitOne(ToPin p) {
            return submitter.submit(p.cid(), "", Map.of("request_id", requestId, "token_id", p.tokenId(), "cid", p.cid().toString()), requestId);
        }

        public List<LogResult> results() {
            return List.copyOf(results);
        }

        /** Outcome → count (each log under its final outcome, as in {@link #results}), plus the decoder's "ignored_*" counters, for metrics. */
        public Map<String, Long> counts() {
            return Map.copyOf(counts);
        }

        /** True when pins were left for the pin drain: the cluster failed or refused, or the time budget was spent. */
        public boolean deferred() {
            return deferred || leftPending > 0 || refused > 0;
        }

        /** Requests not sent because the time budget was spent: PENDING, due now, for the pin drain. */
        public int leftPending() {
            return leftPending;
        }
    }

    /**
     * A refused URI that is empty or names IPFS at all (scheme, gateway path or subdomain) was refused; anything else
     * (a web URL, {@code ar://}, {@code ipns://}, {@code data:}) is not IPFS.
     */
    static RejectionKind kindOf(String uri) {
        return uri.isBlank() || uri.toLowerCase(Locale.ROOT).contains("ipfs") ? RejectionKind.REFUSED_URI : RejectionKind.NOT_IPFS;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static LogResult result(ChainLog l, LogOutcome outcome, String tokenId, String cid, String reason) {
        return result(l.key(), outcome, tokenId, cid, reason);
    }

    private static LogResult result(LogKey key, LogOutcome outcome, String tokenId, String cid, String reason) {
        return new LogResult(key.txHash(), key.logIndex(), outcome, Optional.ofNullable(tokenId), Optional.ofNullable(cid),
                Optional.ofNullable(reason));
    }

    /** Where a token's URI was set: a log, or one token of a range log; and how its capsule pins it. */
    private record Origin(LogKey key, long blockNumber, String blockHash, IntakePolicy policy) {
    }

    /**
     * The policy of the capsule a log's contract belongs to. The decoder let the log through, so a capsule follows it;
     * a range job recorded before capsules is found the same way, by its log's chain and contract.
     */
    private IntakePolicy policyOf(long chainId, String contract) {
        return policies.forLog(chainId, contract)
                .orElseThrow(() -> new IllegalStateException("no capsule follows chain " + chainId + " contract " + contract));
    }

    private String capsuleOf(ChainLog chainLog) {
        return policies.forLog(chainLog.chainId(), chainLog.contract()).map(IntakePolicy::capsule).orElse("");
    }

    private static LogResult withOutcome(LogResult r, LogOutcome outcome) {
        return new LogResult(r.txHash(), r.logIndex(), r.outcome() == LogOutcome.DUPLICATE ? LogOutcome.DUPLICATE : outcome, r.tokenId(), r.cid(),
                r.reason());
    }
}
