package me.grokme.pinning.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import me.grokme.pinning.availability.AvailabilityView;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.dashboard.Dashboard;
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
    private final ObjectMapper json = new ObjectMapper();

    public StatusService(StatusQueries queries, StatusConfig config, Clock clock) {
        this.queries = queries;
        this.documents = new StatusDocuments(config);
        this.clock = clock;
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
            return cidDocument(cid, availability()).<StatusResult>map(this::document)
                    .orElse(new StatusResult.Error(404, "NOT_FOUND", "this CID is not pinned by grokme-pinning"));
        } catch (LedgerUnavailableException e) {
            return unavailable();
        }
    }

    public StatusResult token(String tokenId) {
        if (tokenId.isEmpty() || tokenId.length() > MAX_TOKEN_DIGITS || !tokenId.chars().allMatch(c -> c >= '0' && c <= '9')
                || (tokenId.length() > 1 && tokenId.charAt(0) == '0')) {
            return new StatusResult.Error(400, "INVALID_TOKEN_ID", "a token id is a decimal integer without leading zeros");
        }
        if (new BigInteger(tokenId).bitLength() > 256) {
            // 78 digits reach past 2^256 - 1: no ERC-721 token has such an id, so "not pinned" would be untrue.
            return new StatusResult.Error(400, "INVALID_TOKEN_ID", "a token id is a uint256: at most 2^256 - 1");
        }
        try {
            List<ObjectNode> cids = new ArrayList<>();
            Optional<JsonNode> availability = availability();
            for (StatusQueries.TokenCid link : queries.cidsForToken(tokenId)) {
                linkedCid(link).flatMap(c -> cidDocument(c, availability)).ifPresent(doc -> {
                    doc.put("role", link.role());
                    if (!link.path().isEmpty()) {
                        doc.put("path", link.path());
                    }
                    cids.add(doc);
                });
            }
            if (cids.isEmpty()) {
                return new StatusResult.Error(404, "NOT_FOUND", "no content recorded for this token");
            }
            return document(documents.token(tokenId, cids));
        } catch (LedgerUnavailableException e) {
            return unavailable();
        }
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
        try {
            return new StatusResult.Document(json.writeValueAsBytes(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StatusResult unavailable() {
        return new StatusResult.Error(503, "UNAVAILABLE", "status data is temporarily unavailable");
    }
}
