package me.grokme.pinning.deep;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.ledger.DeepPinResult;
import me.grokme.pinning.ledger.DeepPinTask;
import me.grokme.pinning.ledger.DerivedPin;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.ResolvedReference;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.mint.IntakePolicy;
import me.grokme.pinning.submit.PinSubmitter;

/**
 * Deep pinning: for each token whose metadata CID has been handed to the cluster, read the metadata JSON,
 * follow its references through the further JSON documents they lead to ({@link DocumentWalk}: bounded in
 * depth and count, cycles cut) and pin the root CIDs they point at, each linked to the token in the ledger
 * with its field, path and depth. Non-IPFS references (web URLs, Arweave, data: URIs) and relative ones that
 * would leave their root are recorded with the reason they are not pinned.
 *
 * <p>Runs after the mint was recorded, off the webhook's path: the metadata is often only retrievable once
 * the cluster has fetched it. A walk that cannot read a document yet pins what it found and is retried with
 * backoff, then marked FAILED with its last error — visible on the token, never silently dropped.
 */
public final class DeepPinService {

    private final Ledger ledger;
    private final ContentFetcher content;
    private final Function<String, IntakePolicy> policyOfCapsule;
    private final DeepPinSettings settings;
    private final Clock clock;
    private final JsonLog log;
    private final PinSubmitter submitter;
    private final DocumentWalk walk;

    /** One capsule: its policy for every token (the capsule's name taken from the token's own). */
    public DeepPinService(Ledger ledger, ContentFetcher content, ClusterClient cluster, IntakePolicy policy, DeepPinSettings settings,
            Clock clock, JsonLog log) {
        this(ledger, content, cluster, capsule -> new IntakePolicy(capsule, policy.replicationMin(), policy.replicationMax(),
                policy.deepPinning()), settings, clock, log);
    }

    /** @param policyOfCapsule how a capsule's references are pinned (its replication), by the capsule's name */
    public DeepPinService(Ledger ledger, ContentFetcher content, ClusterClient cluster, Function<String, IntakePolicy> policyOfCapsule,
            DeepPinSettings settings, Clock clock, JsonLog log) {
        this.ledger = ledger;
        this.content = content;
        this.policyOfCapsule = policyOfCapsule;
        this.settings = settings;
        this.clock = clock;
        this.log = log;
        this.submitter = new PinSubmitter(ledger, cluster, clock, log);
        this.walk = new DocumentWalk(content, settings, clock);
    }

    public DeepPinReport run(Instant deadline, String requestId) {
        int done = 0;
        int deferred = 0;
        int failed = 0;
        int skipped = 0;
        int pinned = 0;
        int recorded = 0;
        List<DeepPinTask> tasks = ledger.deepPinsDue(clock.instant(), settings.tasksPerRun());
        for (DeepPinTask task : tasks) {
            if (clock.instant().isAfter(deadline)) {
                break;
            }
            Outcome o = resolve(task, deadline, requestId);
            if (o.finished().isEmpty()) {
                deferred++;
            } else {
                switch (o.finished().get()) {
                    case DONE -> done++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                }
            }
            pinned += o.pinned();
            recorded += o.recorded();
        }
        return new DeepPinReport(tasks.size(), done, deferred, failed, skipped, pinned, recorded);
    }

    /** How one task ended this run: {@code finished} is empty when it was deferred to a later run. */
    private record Outcome(Optional<DeepPinResult> finished, int pinned, int recorded) {
    }

    private Outcome resolve(DeepPinTask task, Instant deadline, String requestId) {
        Map<String, Object> fields = Map.of("request_id", requestId, "capsule", task.token().capsule(), "token_id", task.tokenId(),
                "cid", task.metadataCid());
        if (!task.metadataPath().isEmpty()) {
            fields = JsonLog.with(fields, "path", task.metadataPath());
        }
        Optional<PinRequest> request = ledger.findPin(task.metadataCid());
        if (request.isEmpty() || request.get().state() == PinState.FAILED) {
            return finish(task, DeepPinResult.SKIPPED, "the metadata CID's own pin request " + (request.isEmpty() ? "is missing" : "failed"), List.of(),
                    fields);
        }
        if (!request.get().hasActiveLog()) {
            return finish(task, DeepPinResult.SKIPPED, "every log that requested the metadata was reorged away", List.of(), fields);
        }
        if (request.get().state() == PinState.PENDING) {
            return retry(task, "the metadata CID is not with the cluster yet", fields);
        }
        Cid metadataCid = Cid.parse(task.metadataCid());
        return switch (content.fetch(metadataCid, task.metadataPath(), settings.maxMetadataBytes())) {
            case ContentFetcher.Content.TooLarge big -> finish(task, DeepPinResult.FAILED,
                    "metadata is larger than " + settings.maxMetadataBytes() + " bytes", List.of(), fields);
            case ContentFetcher.Content.Unavailable u -> retry(task, "metadata not retrievable: " + u.reason(), fields);
            case ContentFetcher.Content.NotJson content -> finish(task, DeepPinResult.SKIPPED,
                    "metadata is not JSON (the token URI may point at the content itself)", List.of(), fields);
            case ContentFetcher.Content.Directory dir -> finish(task, DeepPinResult.SKIPPED, "the token URI names a directory, not a metadata document",
                    List.of(), fields);
            case ContentFetcher.Content.NoSuchFile missing -> finish(task, DeepPinResult.FAILED, "the token URI names a file its CID does not hold: "
                    + missing.reason(), List.of(), fields);
            case ContentFetcher.Content.Fetched f -> switch (MetadataReferences.parseMetadata(f.bytes(), settings.maxReferences())) {
                case MetadataReferences.Parsed.NotMetadata not -> finish(task, DeepPinResult.SKIPPED, "metadata is " + not.reason(), List.of(), fields);
                case MetadataReferences.Parsed.References refs -> walkAndPin(task, metadataCid, refs, deadline, requestId, fields);
            };
        };
    }

    private Outcome walkAndPin(DeepPinTask task, Cid metadataCid, MetadataReferences.Parsed.References refs, Instant deadline,
            String requestId, Map<String, Object> fields) {
        DocumentWalk.Result walk = this.walk.walk(new IpfsPath(metadataCid, task.metadataPath()), refs, deadline);
        for (ResolvedReference ref : walk.toPin().values()) {
            pin(task, ref, requestId);
        }
        int pinned = walk.toPin().size();
        int recorded = (int) walk.references().stream().filter(r -> r.cid().isEmpty()).count();
        String summary = pinned + " referenced CID(s) pinned, " + walk.documents() + " further JSON document(s) read, " + recorded
                + " reference(s) recorded only" + (walk.truncated() ? "; more references than the cap (" + settings.maxReferences()
                        + "), the rest ignored" : "");
        Outcome o;
        if (walk.outOfTime()) {
            o = retry(task, "the run's time budget ended during the walk (" + summary + ")", walk.references(), fields);
        } else if (!walk.unreadable().isEmpty()) {
            // Pins made stay; the walk runs again later, so a document that becomes readable is still followed.
            o = retry(task, walk.unreadable().size() + " referenced document(s) not retrievable yet, first " + walk.unreadable().get(0)
                    + " (" + summary + ")", walk.references(), fields);
        } else {
            o = finish(task, DeepPinResult.DONE, summary, walk.references(), fields);
        }
        return new Outcome(o.finished(), pinned, recorded);
    }

    private void pin(DeepPinTask task, ResolvedReference ref, String requestId) {
        Cid cid = ledger.requestCid(Cid.parse(ref.cid().orElseThrow()));
        IntakePolicy policy = policyOfCapsule.apply(task.token().capsule());
        DerivedPin derived = new DerivedPin(task.tokenId(), cid.toString(), task.metadataCid(), ref.field(), policy.capsule(), policy.replicationMin(),
                policy.replicationMax(), ref.path(), ref.depth());
        Optional<PinRequest> before = ledger.recordDerived(derived);
        // Another token's metadata (or mint) already asked for this CID: send it only while that request still
        // waits for the cluster, and under the name it was created with, so a shared image is not renamed.
        if (before.map(p -> p.state() == PinState.PENDING).orElse(true)) {
            submit(cid, derived, requestId);
        }
    }

    /** If the cluster does not take the pin, the child stays PENDING and the sweep submits it. */
    private void submit(Cid cid, DerivedPin pin, String requestId) {
        Map<String, Object> fields = Map.of("request_id", requestId, "token_id", pin.tokenId(), "cid", cid.toString(),
                "parent", pin.parentCid(), "field", pin.field());
        submitter.submit(cid, "referenced by " + pin.field(), fields, requestId);
    }

    private Outcome retry(DeepPinTask task, String error, Map<String, Object> fields) {
        return retry(task, error, List.of(), fields);
    }

    /** {@code found}: what a walk that could not finish had found, kept on the token if this was the last attempt. */
    private Outcome retry(DeepPinTask task, String error, List<ResolvedReference> found, Map<String, Object> fields) {
        if (task.attempts() + 1 >= settings.maxAttempts()) {
            return finish(task, DeepPinResult.FAILED, "gave up after " + (task.attempts() + 1) + " attempts: " + error, found, fields);
        }
        ledger.deferDeepPin(task.token(), task.metadataCid(), error, clock.instant().plus(settings.retryAfter(task.attempts())));
        log.info("deep pinning deferred", JsonLog.with(fields, "reason", error));
        return new Outcome(Optional.empty(), 0, 0);
    }

    private Outcome finish(DeepPinTask task, DeepPinResult result, String reason, List<ResolvedReference> refs, Map<String, Object> fields) {
        ledger.completeDeepPin(task.token(), task.metadataCid(), result, reason, refs);
        Map<String, Object> f = JsonLog.with(JsonLog.with(fields, "result", result.wire()), "reason", reason);
        if (result == DeepPinResult.FAILED) {
            log.warn("deep pinning failed", f);
        } else {
            log.info("deep pinning finished", f);
        }
        return new Outcome(Optional.of(result), 0, 0);
    }
}
