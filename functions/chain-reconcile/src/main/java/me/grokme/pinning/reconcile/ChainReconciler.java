package me.grokme.pinning.reconcile;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.DecodeOutcome;
import me.grokme.pinning.chain.ChainRpc;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.chain.RangeTooLargeException;
import me.grokme.pinning.chain.RpcUnavailableException;
import me.grokme.pinning.chain.TokenUriSource;
import me.grokme.pinning.cid.IpfsUris;
import me.grokme.pinning.cid.UriExtraction;
import me.grokme.pinning.ledger.ChainCheckpoint;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.MintIntake;

/**
 * Backfill and reconciliation from the chain itself: reads the configured contracts' mint logs with
 * eth_getLogs from a checkpoint up to {@code latest − confirmations}, and puts every log through the same
 * {@link MintIntake} as the webhook — a log the webhook already recorded is a duplicate, not a second pin.
 *
 * <p>The checkpoint only moves after a range's logs are durably recorded, and only over confirmed blocks.
 * It remembers its block's hash; if that block was replaced (a reorganisation deeper than the confirmation
 * depth) the stream is re-read from {@code reorgRewind} blocks earlier — the ledger's idempotency makes
 * re-reading free of side effects.
 */
public final class ChainReconciler {

    /** The provider name logs read here carry in the ledger. */
    public static final String PROVIDER = "backfill";

    private final ChainRpc rpc;
    private final MintDecoder decoder;
    private final MintIntake intake;
    private final Ledger ledger;
    private final List<Stream> streams;
    private final ReconcileSettings settings;
    private final Clock clock;
    private final JsonLog log;
    private final OrphanCheck orphans;

    /**
     * One log stream: a capsule's contract on the reconciled chain, read from its own start block with its own mint
     * filter. Its checkpoint is keyed {@code <chainId>#<contract>}, the key streams had before capsules: a chain and
     * contract belong to one capsule, so two capsules never share a checkpoint, and existing checkpoints carry on.
     */
    public record Stream(String capsule, String contract, List<String> mintTopics, long startBlock) {

        public Stream {
            mintTopics = List.copyOf(mintTopics);
        }
    }

    /** Every contract read with {@code decoder}'s mint filter from {@code settings.startBlock()} (one capsule). */
    public ChainReconciler(ChainRpc rpc, MintDecoder decoder, MintIntake intake, Ledger ledger, Set<String> contracts,
            ReconcileSettings settings, Clock clock, JsonLog log) {
        this(rpc, decoder, contracts.stream().sorted().map(c -> new Stream("", c, decoder.topicFilter(), settings.startBlock())).toList(),
                intake, ledger, settings, clock, log);
    }

    /** @param decoder decodes the logs of every stream (it finds each log's capsule by its contract) */
    public ChainReconciler(ChainRpc rpc, MintDecoder decoder, List<Stream> streams, MintIntake intake, Ledger ledger,
            ReconcileSettings settings, Clock clock, JsonLog log) {
        this.rpc = rpc;
        this.decoder = decoder;
        this.intake = intake;
        this.ledger = ledger;
        this.streams = List.copyOf(streams);
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.orphans = new OrphanCheck(rpc, ledger, settings.chainId(), log);
    }

    /**
     * Reads every stream until caught up or {@code deadline}. Throws {@link RpcUnavailableException} when the
     * node serves another chain than configured (a configuration error no retry fixes).
     */
    public List<StreamReport> run(Instant deadline, String requestId) {
        long nodeChain = rpc.chainId();
        if (nodeChain != settings.chainId()) {
            throw new RpcUnavailableException("the RPC endpoint serves chain " + nodeChain + ", configured CHAIN_IDS is "
                    + settings.chainId());
        }
        return streams.stream().map(s -> runStream(s, deadline, requestId)).toList();
    }

    /** A log with what it decoded to (an ERC-721 mint with the URI its token names) and the partition it belongs in. */
    private record Decoded(ChainLog log, DecodeOutcome outcome, String partitionKey) {
    }

    /**
     * Records one range's logs, in {@code settings.parallelism()} partitions at once: each log costs a few
     * sequential store and cluster round trips, so a backfill of thousands is latency-bound, not CPU-bound.
     * Logs are partitioned by the CID they ask for, so every token of a CID (a collection's directory, a shared
     * image) lands in one partition and the CID is submitted once per range. Any failure propagates after all
     * partitions stop, and the checkpoint stays before the range.
     */
    private Map<String, Long> record(List<ChainLog> found, String requestId) {
        List<ChainLog> sorted = found.stream()
                .sorted(Comparator.comparingLong(ChainLog::blockNumber).thenComparingLong(ChainLog::logIndex)).toList();
        int n = Math.max(1, Math.min(settings.parallelism(), sorted.size()));
        // An ERC-721 log names no URI: its tokenURI is read first (in parallel too), since the CID decides the partition.
        List<Decoded> decoded = Partitions.inParallel(Partitions.split(sorted, n, l -> l.txHash() + "#" + l.logIndex()), part -> part.stream().map(this::decode).toList())
                .stream().flatMap(List::stream)
                .sorted(Comparator.comparingLong((Decoded d) -> d.log().blockNumber()).thenComparingLong(d -> d.log().logIndex())).toList();
        Map<String, Long> counts = new LinkedHashMap<>();
        Partitions.inParallel(Partitions.split(decoded, n, Decoded::partitionKey), part -> recordPartition(part, requestId))
                .forEach(c -> c.forEach((k, v) -> counts.merge(k, v, Long::sum)));
        return counts;
    }

    private Decoded decode(ChainLog l) {
        DecodeOutcome outcome = decoder.decode(l);
        if (outcome instanceof DecodeOutcome.TransferMint mint && !l.removed()
                && rpc.tokenUriAt(l.contract(), mint.tokenId(), l.blockNumber()) instanceof TokenUriSource.TokenUri.Found found) {
            outcome = new DecodeOutcome.Mint(mint.tokenId(), found.uri(), l); // the intake records it as it would the event's
        }
        String key = outcome instanceof DecodeOutcome.Mint mint && IpfsUris.extract(mint.uri()) instanceof UriExtraction.Extracted e
                ? e.cid().toString()
                : l.txHash() + "#" + l.logIndex(); // nothing to pin (or a reverted tokenURI the intake reads again): anywhere
        return new Decoded(l, outcome, key);
    }

    private Map<String, Long> recordPartition(List<Decoded> part, String requestId) {
        MintIntake.Batch batch = intake.batch(PROVIDER, requestId);
        part.forEach(d -> batch.add(d.outcome(), d.log()));
        batch.submit();
        return batch.counts();
    }

    private StreamReport runStream(Stream s, Instant deadline, String requestId) {
        Pass pass = new Pass(settings.chainId() + "#" + s.contract(), s.startBlock());
        try {
            long from = resumePoint(s, pass, requestId);
            pass.start = from;
            long range = settings.maxRange();
            while (from <= pass.target && clock.instant().isBefore(deadline)) {
                long to = Math.min(pass.target, from + range - 1);
                List<ChainLog> found;
                try {
                    found = readRange(s, from, to);
                } catch (RangeTooLargeException tooLarge) {
                    range = narrowed(tooLarge, from, to, pass);
                    continue;
                }
                if (!recordRange(found, from, to, pass, requestId)) {
                    log.warn("checkpoint moved by another run; stopping this one", Map.of("request_id", requestId, "stream", pass.stream));
                    return pass.report(Optional.of("checkpoint moved by another run"));
                }
                from = to + 1;
                // Widen again after a refusal, a step at a time: the limit is usually about logs per answer, which varies by range.
                range = Math.min(settings.maxRange(), range * 2);
            }
            log.info("chain reconciliation pass", Map.of("request_id", requestId, "stream", pass.stream, "from", pass.start,
                    "checkpoint", pass.checkpoint(), "target", pass.target, "logs", pass.logs, "ranges", pass.ranges, "refusals", pass.refusals));
            return pass.report(Optional.empty());
        } catch (RpcUnavailableException | LedgerUnavailableException e) {
            log.error("chain reconciliation stopped; the checkpoint stays where it got to",
                    Map.of("request_id", requestId, "stream", pass.stream, "error", e.getMessage()));
            return pass.report(Optional.of(e.getMessage()));
        }
    }

    /**
     * Where this pass starts reading: the block after the checkpoint (or the stream's start block), rewound when
     * the checkpoint's block was replaced. Sets the pass's target (the latest confirmed block) and expected checkpoint.
     */
    private long resumePoint(Stream s, Pass pass, String requestId) {
        Optional<ChainCheckpoint> checkpoint = ledger.checkpoint(pass.stream);
        long latest = rpc.latestBlock();
        pass.target = latest - settings.confirmations();
        if (checkpoint.isEmpty()) {
            return s.startBlock();
        }
        ChainCheckpoint cp = checkpoint.get();
        pass.expected = Optional.of(cp.block());
        long from = cp.block() + 1;
        if (!cp.blockHash().isEmpty() && cp.block() <= latest && !rpc.blockHash(cp.block()).equals(cp.blockHash())) {
            pass.deepReorg = true;
            from = Math.max(s.startBlock(), cp.block() - settings.reorgRewind() + 1);
            log.error("the checkpoint's block was replaced: a reorganisation deeper than the confirmation depth; re-reading",
                    Map.of("request_id", requestId, "stream", pass.stream, "block", cp.block(), "rewind_to", from));
        }
        return from;
    }

    private List<ChainLog> readRange(Stream s, long from, long to) {
        // Two filters: the mints (in ERC-721 mode topic1 = 0x0 selects them), and the token range events
        // (ERC-4906 updates, ERC-2309 consecutive mints), which that filter cannot also select.
        List<ChainLog> found = new java.util.ArrayList<>(rpc.logs(s.contract(), s.mintTopics(), from, to));
        found.addAll(rpc.logsWithTopic0(s.contract(), decoder.tokenEventTopics(), from, to));
        return found;
    }

    /** The range to try next after the node refused {@code from..to}; a refused single block stops the stream. */
    private static long narrowed(RangeTooLargeException tooLarge, long from, long to, Pass pass) {
        pass.refusals++;
        if (to == from) {
            throw new RpcUnavailableException("the node refuses even a single block (" + from + "): " + tooLarge.getMessage());
        }
        long narrower = tooLarge.suggestedToBlock().orElse(from + (to - from) / 2);
        return Math.max(1, narrower - from + 1);
    }

    /** Records a range's logs, checks it for orphans, and moves the checkpoint past it; false when another run moved it first. */
    private boolean recordRange(List<ChainLog> found, long from, long to, Pass pass, String requestId) {
        pass.ranges++;
        record(found, requestId).forEach((k, v) -> pass.outcomes.merge(k, v, Long::sum));
        pass.logs += found.size();
        // Before the checkpoint passes these blocks: recorded mints the canonical chain no longer has are orphaned.
        int orphaned = orphans.check(from, to, found, requestId);
        if (orphaned > 0) {
            pass.outcomes.merge("orphaned", (long) orphaned, Long::sum);
        }
        String hash = rpc.blockHash(to);
        if (!ledger.saveCheckpoint(pass.stream, pass.expected, new ChainCheckpoint(to, hash, clock.instant()))) {
            return false;
        }
        pass.expected = Optional.of(to);
        return true;
    }

    /** One stream's pass in progress: where it started, the checkpoint it holds, and what it counted. */
    private static final class Pass {
        final String stream;
        final Map<String, Long> outcomes = new LinkedHashMap<>();
        long start;
        long target = -1;
        Optional<Long> expected = Optional.empty();
        int logs;
        int ranges;
        int refusals;
        boolean deepReorg;

        Pass(String stream, long start) {
            this.stream = stream;
            this.start = start;
        }

        long checkpoint() {
            return expected.orElse(start - 1);
        }

        StreamReport report(Optional<String> stopped) {
            return new StreamReport(stream, start, checkpoint(), target, logs, outcomes, ranges, refusals, deepReorg, stopped);
        }
    }
}
