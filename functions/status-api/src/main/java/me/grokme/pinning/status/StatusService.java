package me.grokme.pinning.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.availability.AvailabilityView;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.dashboard.Dashboard;
import me.grokme.pinning.capsule.Capsules;
import me.grokme.pinning.ledger.TokenRef;
import me.grokme.pinning.ledger.HealthRecord;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.StatusQueries;
import me.grokme.pinning.ledger.LedgerUnavailableException;

/** The three public reads: the dashboard (one DynamoDB read), one CID, one token. */
public final class StatusService {

    private static final int MAX_TOKEN_DIGITS = 78; // uint256

    private final StatusQueries queries;
    private final StatusDocuments documents;
    private final Clock clock;
    private final Capsules capsules;
    private final ObjectMapper json = new ObjectMapper();

    public StatusService(StatusQueries queries, StatusConfig config, Clock clock) {
        this.queries = queries;
        this.documents = new StatusDocuments(config);
        this.clock = clock;
        this.capsules = config.capsules();
    }

    public StatusResult dashboard() {
        try {
            Optional<Dashboard> summary = queries.dashboard();
            if (summary.isEmpty()) {
                return new StatusResult.Error(503, "NOT_READY", "no health sweep has completed yet");
            }
            return document(documents.dashboard(summary.get(), availability(), clock.instant()));
        } catch (LedgerUnavailableException e) {
            return unavailable();
        }
    }

    public StatusResult cid(String text) {
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (InvalidCidException e) {
            return new StatusResult.Error(400, "INVALID_CID", "not a valid CID");
        }
        try {
            // Content is keyed by its CIDv1 (Ledger.requestCid); a request recorded before that lives under its CIDv0.
            Optional<JsonNode> availability = availability();
            Optional<ObjectNode> doc = cidDocument(cid.toV1(), availability);
            if (doc.isEmpty() && cid.toV0().isPresent()) {
                doc = cidDocument(cid.toV0().get(), availability);
            }
            return doc.<StatusResult>map(this::document)
                    .orElse(new StatusResult.Error(404, "NOT_FOUND", "this CID is not pinned by grokme-pinning"));
        } catch (LedgerUnavailableException e) {
            return unavailable();
        }
    }

    /** Schema v1's token document lists at most this many CIDs (and says whether it was cut). */
    static final int V1_TOKEN_CIDS = 20;
    /** Ledger items per page of a v2 token document (a metadata item adds its reading and unpinned references). */
    static final int V2_TOKEN_PAGE = 25;
    /** Token URI links read to find the current one (ERC-4906): a token has one per metadata update. */
    static final int CURRENT_URI_SCAN = 100;

    public StatusResult token(String tokenId) {
        return token(Optional.empty(), tokenId, 1, Optional.empty());
    }

    public StatusResult token(String tokenId, int version, Optional<String> cursor) {
        return token(Optional.empty(), tokenId, version, cursor);
    }

    /**
     * The capsule a lookup names, or with none named the only one configured; an error naming the capsules when the
     * name is unknown, or when several are configured and none was named (a bare id would be ambiguous).
     */
    private Optional<StatusResult.Error> capsuleProblem(Optional<String> named) {
        List<String> names = capsules.names();
        if (named.isEmpty()) {
            return names.size() == 1 ? Optional.empty() : Optional.of(new StatusResult.Error(400, "CAPSULE_REQUIRED",
                    "several capsules are configured (" + String.join(", ", names) + "): ask /status/tokens/{capsule}/{token_id}"));
        }
        if (!capsules.names().contains(named.get())) {
            return Optional.of(new StatusResult.Error(404, "UNKNOWN_CAPSULE", (Capsules.NAME.matcher(named.get()).matches()
                    ? "no capsule is named " + named.get() : "not a capsule name") + "; capsules: " + String.join(", ", names)));
        }
        return Optional.empty();
    }

    /**
     * A token's content. Version 1 (deprecated): the first {@value #V1_TOKEN_CIDS} pinned CIDs, {@code truncated} when
     * there are more. Version 2: every reference — pinned content, the metadata read, references not pinned and why,
     * token URIs refused — a page at a time from {@code cursor}, with {@code page.truncated} and the next cursor.
     */
    public StatusResult token(Optional<String> capsule, String tokenId, int version, Optional<String> cursor) {
        Optional<StatusResult.Error> capsuleProblem = capsuleProblem(capsule);
        if (capsuleProblem.isPresent()) {
            return capsuleProblem.get();
        }
        TokenRef token = new TokenRef(capsule.orElse(capsules.names().get(0)), tokenId);
        if (tokenId.isEmpty() || tokenId.length() > MAX_TOKEN_DIGITS || !tokenId.chars().allMatch(c -> c >= '0' && c <= '9')
                || (tokenId.length() > 1 && tokenId.charAt(0) == '0')) {
            return new StatusResult.Error(400, "INVALID_TOKEN_ID", "a token id is a decimal integer without leading zeros");
        }
        if (new BigInteger(tokenId).bitLength() > 256) {
            // 78 digits reach past 2^256 - 1: no ERC-721 token has such an id, so "not pinned" would be untrue.
            return new StatusResult.Error(400, "INVALID_TOKEN_ID", "a token id is a uint256: at most 2^256 - 1");
        }
        Optional<String> after;
        try {
            after = cursor.map(TokenCursor::decode);
        } catch (IllegalArgumentException e) {
            return new StatusResult.Error(400, "INVALID_CURSOR", "not a cursor this endpoint handed out");
        }
        try {
            return version == 1 ? tokenV1(token) : tokenV2(token, after);
        } catch (LedgerUnavailableException e) {
            return unavailable();
        }
    }

    /** The token URI link set last on the canonical chain (links older than the position carry none and sort first). */
    private static String currentTokenUri(List<StatusQueries.TokenCid> links, Map<String, StatusQueries.OrphanedLink> orphaned) {
        return links.stream().filter(StatusQueries.TokenCid::tokenUri).filter(l -> !orphaned.containsKey(l.cid()))
                .max(java.util.Comparator.comparing(StatusQueries.TokenCid::uriAt)).map(StatusQueries.TokenCid::cid).orElse("");
    }

    private StatusResult tokenV1(TokenRef token) {
        List<ObjectNode> cids = new ArrayList<>();
        Optional<JsonNode> availability = availability();
        List<StatusQueries.TokenCid> links = queries.cidsForToken(token, V1_TOKEN_CIDS + 1);
        Map<String, StatusQueries.OrphanedLink> orphaned = queries.orphanedLinks(token);
        String current = currentTokenUri(links, orphaned);
        for (StatusQueries.TokenCid link : links.subList(0, Math.min(links.size(), V1_TOKEN_CIDS))) {
            linkedCid(link).flatMap(c -> cidDocument(c, availability))
                    .ifPresent(doc -> cids.add(withMint(withLink(doc, link, current), link, orphaned)));
        }
        if (cids.isEmpty()) {
            return new StatusResult.Error(404, "NOT_FOUND", "no content recorded for this token");
        }
        byte[] body = bytes(documents.token(token, cids, links.size() > V1_TOKEN_CIDS));
        return new StatusResult.Document(body, Map.of("deprecation", StatusDocuments.V1_TOKEN_DEPRECATED,
                "sunset", StatusDocuments.V1_TOKEN_SUNSET,
                "link", "<" + StatusDocuments.tokenPath(token) + "?v=2>; rel=\"successor-version\""));
    }

    private StatusResult tokenV2(TokenRef token, Optional<String> after) {
        StatusQueries.TokenPage page = queries.tokenPage(token, after, V2_TOKEN_PAGE);
        if (page.items().isEmpty() && after.isEmpty()) {
            return new StatusResult.Error(404, "NOT_FOUND", "nothing recorded for this token");
        }
        List<ObjectNode> references = new ArrayList<>();
        Optional<JsonNode> availability = availability();
        // Which token URI is current is a property of all its links, not of this page: one bounded Query of them.
        Map<String, StatusQueries.OrphanedLink> orphaned = queries.orphanedLinks(token);
        String current = currentTokenUri(queries.cidsForToken(token, CURRENT_URI_SCAN), orphaned);
        for (StatusQueries.TokenItem item : page.items()) {
            switch (item) {
                case StatusQueries.TokenItem.Content content -> {
                    StatusQueries.TokenCid link = content.link();
                    references.add(linkedCid(link).flatMap(c -> cidDocument(c, availability))
                            .map(doc -> withMint(withLink(doc, link, current), link, orphaned).put("kind", "content"))
                            .orElseGet(() -> documents.unrecorded(link)));
                    references.addAll(documents.metadataRead(link, content.read()));
                }
                case StatusQueries.TokenItem.Rejected rejected -> references.add(documents.rejected(rejected));
            }
        }
        return document(documents.tokenV2(token, references, page.lastKey().map(TokenCursor::encode)));
    }

    private static ObjectNode withLink(ObjectNode doc, StatusQueries.TokenCid link, String current) {
        doc.put("role", link.role());
        // ERC-4906 updates keep earlier token URIs pinned: the latest set on chain is current, the rest previous.
        doc.put("uri", link.cid().equals(current) || link.via().equals(current) ? "current" : "previous");
        if (!link.path().isEmpty()) {
            doc.put("path", link.path());
        }
        return doc;
    }

    /** Marks content whose mint (or, for a referenced CID, whose metadata's mint) is no longer on the canonical chain. */
    private static ObjectNode withMint(ObjectNode doc, StatusQueries.TokenCid link, Map<String, StatusQueries.OrphanedLink> orphaned) {
        Optional<StatusQueries.OrphanedLink> o = Optional.ofNullable(orphaned.get(link.cid()));
        if (o.isEmpty() && !link.via().isEmpty()) {
            o = Optional.ofNullable(orphaned.get(link.via()));
        }
        StatusDocuments.mint(doc, o);
        return doc;
    }

    private Optional<ObjectNode> cidDocument(Cid cid, Optional<JsonNode> availability) {
        Optional<PinRequest> request = queries.request(cid);
        Optional<HealthRecord> health = queries.health(cid);
        if (request.isEmpty() && health.isEmpty()) {
            return Optional.empty();
        }
        ObjectNode doc = documents.cid(cid, request, health, queries.history(cid, 50));
        doc.set("retrieval", documents.retrieval(queries.probe(cid)));
        doc.set("durability", documents.durability(availability, health, clock.instant()));
        return Optional.of(doc);
    }

    /** The sweep's availability view; a view that cannot be read is treated as none (the dashboard still answers). */
    private Optional<JsonNode> availability() {
        return queries.availability().flatMap(body -> AvailabilityView.parse(json, body));
    }

    /** The ledger only links validated CIDs; one that does not parse is left out rather than failing the token. */
    private static Optional<Cid> linkedCid(StatusQueries.TokenCid link) {
        try {
            return Optional.of(Cid.parse(link.cid()));
        } catch (InvalidCidException e) {
            return Optional.empty();
        }
    }

    private StatusResult document(ObjectNode node) {
        return new StatusResult.Document(bytes(node));
    }

    private byte[] bytes(ObjectNode node) {
        try {
            return json.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusResult unavailable() {
        return new StatusResult.Error(503, "UNAVAILABLE", "status data is temporarily unavailable");
    }
}
