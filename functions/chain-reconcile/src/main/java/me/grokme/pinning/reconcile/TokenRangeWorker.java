package me.grokme.pinning.reconcile;

import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.chain.RpcUnavailableException;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cid.IpfsUris;
import me.grokme.pinning.cid.UriExtraction;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.ledger.TokenRangeJob;
import me.grokme.pinning.ledger.TokenRangeProgress;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.LogOutcome;
import me.grokme.pinning.mint.LogResult;
import me.grokme.pinning.mint.MintIntake;

/**
 * Works through the token range jobs — an ERC-4906 {@code MetadataUpdate}/{@code BatchMetadataUpdate} or an ERC-2309
 * {@code ConsecutiveTransfer} mint, recorded by the webhook or by this reconciliation when it saw the log — a page of
 * tokens at a time: each token's {@code tokenURI} is read at the log's block and recorded and pinned through the same
 * {@link MintIntake} as a mint (one pin per CID, whichever token or path asks first). After each page the job's
 * checkpoint moves, so a range of 10,000 tokens spreads over as many runs as it needs and a run that stops (time
 * budget, RPC or ledger failure) resumes at the first token it had not finished.
 */
public final class TokenRangeWorker {

    /** Jobs taken per run (each may take many pages). */
    static final int JOBS_PER_RUN = 50;

    private final Ledger ledger;
    private final TokenUriSource uris;
    private final MintIntake intake;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final JsonLog log;

    public TokenRangeWorker(Ledger ledger, TokenUriSource uris, MintIntake intake, ReconcileSettings settings, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.uris = uris;
        this.intake = intake;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    public RangeReport run(Instant deadline, String requestId) {
        List<TokenRangeJob> jobs = ledger.tokenRangesDue(clock.instant(), JOBS_PER_RUN);
        int finished = 0;
        int pages = 0;
        long tokens = 0;
        long skipped = 0;
        try {
            for (TokenRangeJob job : jobs) {
                BigInteger next = job.next();
                while (next.compareTo(job.last()) <= 0 && clock.instant().isBefore(deadline)) {
                    BigInteger end = next.add(BigInteger.valueOf(settings.rangePage() - 1)).min(job.last());
                    Page page = page(job, next, end, requestId);
                    if (!ledger.advanceTokenRange(job.log(), new TokenRangeProgress(next, end.add(BigInteger.ONE), page.done(),
                            page.skipped(), page.lastReason()))) {
                        log.warn("token range moved by another run; leaving it", Map.of("request_id", requestId, "job", job.log().partitionKey()));
                        break;
                    }
                    pages++;
                    tokens += page.done();
                    skipped += page.skipped();
                    next = end.add(BigInteger.ONE);
                    if (next.compareTo(job.last()) > 0) {
                        finished++;
                        log.info("token range done", Map.of("request_id", requestId, "job", job.log().partitionKey(), "kind", job.kind().name(),
                                "first_token", job.first().toString(), "last_token", job.last().toString()));
                    }
                }
            }
        } catch (RpcUnavailableException | LedgerUnavailableException e) {
            log.error("token ranges stopped; each job resumes at its checkpoint", Map.of("request_id", requestId, "error", e.getMessage()));
            return new RangeReport(jobs.size(), finished, pages, tokens, skipped, Optional.of(e.getMessage()));
        }
        return new RangeReport(jobs.size(), finished, pages, tokens, skipped, Optional.empty());
    }

    private record Page(long done, long skipped, String lastReason) {
    }

    /** What reading one token's URI gave. */
    private sealed interface Read {
    }

    private record Found(BigInteger tokenId, String uri, String partitionKey) implements Read {
    }

    private record Skip(String reason) implements Read {
    }

    /** Tokens {@code [from, to]} of {@code job}: URIs read in parallel, then recorded partitioned by CID (one submit per CID). */
    private Page page(TokenRangeJob job, BigInteger from, BigInteger to, String requestId) {
        List<BigInteger> ids = new ArrayList<>();
        for (BigInteger id = from; id.compareTo(to) <= 0; id = id.add(BigInteger.ONE)) {
            ids.add(id);
        }
        int n = Math.max(1, Math.min(settings.parallelism(), ids.size()));
        List<String> reverted = new ArrayList<>();
        List<Found> found = new ArrayList<>();
        for (List<Read> part : Partitions.inParallel(Partitions.split(ids, n, BigInteger::toString), part -> read(job, part))) {
            for (Read r : part) {
                switch (r) {
                    case Found f -> found.add(f);
                    case Skip skip -> reverted.add(skip.reason());
                }
            }
        }
        List<List<LogResult>> recorded = Partitions.inParallel(Partitions.split(found, n, Found::partitionKey), part -> {
            MintIntake.Batch batch = intake.batch(job.provider(), requestId);
            part.forEach(f -> batch.addRangeToken(job, f.tokenId(), f.uri()));
            batch.submit();
            return batch.results();
        });
        long rejected = 0;
        String reason = reverted.isEmpty() ? "" : reverted.get(reverted.size() - 1);
        for (List<LogResult> results : recorded) {
            for (LogResult r : results) {
                if (r.outcome() == LogOutcome.REJECTED || (r.outcome() == LogOutcome.DUPLICATE && r.cid().isEmpty())) {
                    rejected++;
                    reason = r.reason().orElse(reason);
                }
            }
        }
        return new Page(found.size() - rejected, reverted.size() + rejected, reason);
    }

    /** Each token's URI at the job's block: a {@link Found}, or the revert reason. */
    private List<Read> read(TokenRangeJob job, List<BigInteger> ids) {
        List<Read> out = new ArrayList<>();
        for (BigInteger id : ids) {
            switch (uris.tokenUriAt(job.contract(), id, job.blockNumber())) {
                case TokenUriSource.TokenUri.Found f -> out.add(new Found(id, f.uri(),
                        IpfsUris.extract(f.uri()) instanceof UriExtraction.Extracted e ? e.cid().toString() : id.toString()));
                case TokenUriSource.TokenUri.Reverted r -> out.add(new Skip(r.reason()));
            }
        }
        return out;
    }
}
