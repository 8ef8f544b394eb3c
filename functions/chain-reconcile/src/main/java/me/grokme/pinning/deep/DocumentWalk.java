package me.grokme.pinning.deep;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.ledger.ResolvedReference;

/**
 * One token's walk from its metadata through the JSON documents its references lead to, breadth first. It
 * reads, it never pins: the result says which root CIDs to pin and what became of every reference.
 *
 * <p>Whether a reference is a document to follow is decided by what reading it returns: a JSON object or
 * array within the size cap is read and its references are the next level; anything else (an image, HTML, a
 * directory, content over the cap) is pinned, not parsed. References at the last level
 * ({@link DeepPinSettings#maxDepth()}) are pinned without being read, and a document already read in this
 * walk (by its resolved IPFS path) is not read again — a cycle ends there, recorded. The walk stops at
 * {@link DeepPinSettings#maxReferences()} references or at the deadline.
 */
final class DocumentWalk {

    /**
     * @param references  every reference handled, in walk order
     * @param toPin       the root CIDs to pin on the token's account (not the metadata's own), each with its first reference
     * @param unreadable  references whose content could not be read now (worth another walk later), with the reason
     * @param truncated   more references than the cap; the rest were not looked at
     * @param outOfTime   the deadline came before the walk ended
     * @param documents   further JSON documents read (the metadata not counted)
     */
    record Result(List<ResolvedReference> references, Map<Cid, ResolvedReference> toPin, List<String> unreadable, boolean truncated,
            boolean outOfTime, int documents) {
    }

    /** A document to read the references of; {@code chain} holds the keys of the documents that led here, itself last. */
    private record Document(IpfsPath at, int depth, List<String> chain, List<MetadataReferences.Reference> references) {
    }

    private final ContentFetcher content;
    private final DeepPinSettings settings;
    private final Clock clock;

    DocumentWalk(ContentFetcher content, DeepPinSettings settings, Clock clock) {
        this.content = content;
        this.settings = settings;
        this.clock = clock;
    }

    Result walk(IpfsPath metadata, MetadataReferences.Parsed.References found, Instant deadline) {
        return new Run(metadata, deadline).walk(found);
    }

    /** The state of one walk. */
    private final class Run {
        private final IpfsPath metadata;
        private final Instant deadline;
        private final Deque<Document> queue = new ArrayDeque<>();
        /** What reading each target gave, by {@link IpfsPath#key()}: a target is read once per walk. */
        private final Map<String, String> examined = new HashMap<>();
        private final Set<String> documents = new HashSet<>();
        /** Root CIDs (v1) read as a file of their own: a path inside one names nothing. */
        private final Set<Cid> fileRoots = new HashSet<>();
        private final List<ResolvedReference> references = new ArrayList<>();
        private final Map<Cid, ResolvedReference> toPin = new LinkedHashMap<>();
        private final Set<Cid> pinRoots = new HashSet<>();
        private final List<String> unreadable = new ArrayList<>();
        private boolean truncated;
        private int documentsRead;

        Run(IpfsPath metadata, Instant deadline) {
            this.metadata = metadata;
            this.deadline = deadline;
        }

        Result walk(MetadataReferences.Parsed.References found) {
            documents.add(metadata.key());
            if (metadata.path().isEmpty()) {
                fileRoots.add(metadata.root().toV1());
            }
            truncated = found.truncated();
            queue.add(new Document(metadata, 0, List.of(metadata.key()), found.references()));
            boolean outOfTime = false;
            walking:
            while (!queue.isEmpty()) {
                Document doc = queue.poll();
                for (MetadataReferences.Reference ref : doc.references()) {
                    if (references.size() == settings.maxReferences()) {
                        truncated = true;
                        break walking;
                    }
                    if (clock.instant().isAfter(deadline)) {
                        outOfTime = true;
                        break walking;
                    }
                    references.add(handle(ref, doc));
                }
            }
            return new Result(List.copyOf(references), toPin, List.copyOf(unreadable), truncated, outOfTime, documentsRead);
        }

        private ResolvedReference handle(MetadataReferences.Reference ref, Document doc) {
            int depth = doc.depth() + 1;
            return switch (ReferenceResolver.resolve(ref.uri(), doc.at())) {
                case ReferenceTarget.NotIpfs not -> reference(ref, Optional.empty(), depth, doc, "not pinned: " + not.reason());
                case ReferenceTarget.Refused refused -> reference(ref, Optional.empty(), depth, doc,
                        "refused, not pinned: " + refused.reason());
                case ReferenceTarget.Ipfs ipfs -> {
                    IpfsPath target = ipfs.target();
                    boolean withMetadata = target.sameRoot(metadata.root());
                    String note = read(target, depth, doc);
                    ResolvedReference r = reference(ref, Optional.of(target), depth, doc,
                            withMetadata ? join("inside the metadata's own directory, pinned with it", note) : note);
                    if (!withMetadata && pinRoots.add(target.root().toV1())) {
                        toPin.put(target.root(), r);
                    }
                    yield r;
                }
            };
        }

        /** Reads the target if it may be a document to follow, and says what it is. */
        private String read(IpfsPath target, int depth, Document doc) {
            String key = target.key();
            if (doc.chain().contains(key)) {
                return "cycle: leads back to " + target + ", which this walk is reading; not read again";
            }
            if (documents.contains(key)) {
                return "a JSON document already read in this walk; not read again";
            }
            if (examined.containsKey(key)) {
                return examined.get(key);
            }
            if (!target.path().isEmpty() && fileRoots.contains(target.root().toV1())) {
                return "a path inside a CID that is a single file: names nothing, nothing to read";
            }
            if (depth >= settings.maxDepth()) {
                return "depth limit (" + settings.maxDepth() + ") reached: pinned, not read";
            }
            String note = fetch(target, depth, doc);
            examined.put(key, note);
            return note;
        }

        private String fetch(IpfsPath target, int depth, Document doc) {
            return switch (content.fetch(target.root(), target.path(), settings.maxMetadataBytes())) {
                case ContentFetcher.Content.Fetched f -> switch (MetadataReferences.parseDocument(f.bytes(), settings.maxReferences())) {
                    case MetadataReferences.Parsed.References refs -> {
                        documents.add(target.key());
                        List<String> chain = new ArrayList<>(doc.chain());
                        chain.add(target.key());
                        queue.add(new Document(target, depth, List.copyOf(chain), refs.references()));
                        truncated |= refs.truncated();
                        documentsRead++;
                        yield "a JSON document: read, its references are level " + (depth + 1);
                    }
                    case MetadataReferences.Parsed.NotMetadata not -> content(target);
                };
                case ContentFetcher.Content.NotJson notJson -> content(target);
                case ContentFetcher.Content.TooLarge big -> "larger than " + settings.maxMetadataBytes() + " bytes: pinned, not read";
                case ContentFetcher.Content.Directory dir -> "a directory: pinned, not read";
                case ContentFetcher.Content.NoSuchFile missing -> "its CID holds no such file (" + missing.reason() + "): nothing to read";
                case ContentFetcher.Content.Unavailable u -> {
                    unreadable.add(target + ": " + u.reason());
                    yield "not retrievable yet: " + u.reason();
                }
            };
        }

        private String content(IpfsPath target) {
            if (target.path().isEmpty()) {
                fileRoots.add(target.root().toV1());
            }
            return "content, not a JSON document: pinned, not read";
        }

        private ResolvedReference reference(MetadataReferences.Reference ref, Optional<IpfsPath> target, int depth, Document doc,
                String note) {
            return new ResolvedReference(ref.field(), ref.uri(), target.map(t -> t.root().toString()),
                    target.map(IpfsPath::path).orElse(""), depth, doc.at().toString(), note);
        }

        private static String join(String a, String b) {
            return b.isEmpty() ? a : a + "; " + b;
        }
    }
}
