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
import me.grokme.pinning.ledger.LedgerUnavailableException;
import me.grokme.pinning.ledger.RetrievalRecordCodec;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The three public reads: the dashboard (one DynamoDB read), one CID, one token. */
public final class StatusService {

    private static final int MAX_TOKEN_DIGITS = 78; // uint256

    private final StatusReader reader;
    private final StatusDocuments documents;
    private final Clock clock;
    private final ObjectMapper json = new ObjectMapper();

    public StatusService(StatusReader reader, StatusConfig config, Clock clock) {
        this.reader = reader;
        this.documents = new StatusDocuments(config);
        this.clock = clock;
    }

    public StatusResult dashboard() {
        try {
            Optional<String> summary = reader.summary();
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
            return cidDocument(cid.toString(), availability()).<StatusResult>map(this::document)
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
            List<StatusReader.TokenCid> links = reader.cidsForToken(tokenId);
            String current = currentTokenUri(links);
            for (StatusReader.TokenCid link : links) {
                cidDocument(link.cid(), availability).ifPresent(doc -> {
                    doc.put("role", link.role());
                    // ERC-4906 updates keep earlier token URIs pinned: the latest set on chain is current, the rest previous.
                    doc.put("uri", link.cid().equals(current) || link.via().equals(current) ? "current" : "previous");
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

    /** The token URI link set last on chain (links older than the position carry none and sort first). */
    private static String currentTokenUri(List<StatusReader.TokenCid> links) {
        return links.stream().filter(StatusReader.TokenCid::tokenUri)
                .max(java.util.Comparator.comparing(StatusReader.TokenCid::uriAt)).map(StatusReader.TokenCid::cid).orElse("");
    }

    private Optional<ObjectNode> cidDocument(String cid, Optional<JsonNode> availability) {
        Map<String, AttributeValue> request = reader.request(cid).orElse(null);
        Map<String, AttributeValue> health = reader.health(cid).orElse(null);
        if (request == null && health == null) {
            return Optional.empty();
        }
        ObjectNode doc = documents.cid(cid, request, health, reader.history(cid, 50));
        doc.set("retrieval", documents.retrieval(reader.probe(cid).map(RetrievalRecordCodec::fromItem)));
        doc.set("durability", documents.durability(availability, health, clock.instant()));
        return Optional.of(doc);
    }

    /** The sweep's availability view; a view that cannot be read is treated as none (the dashboard still answers). */
    private Optional<JsonNode> availability() {
        return reader.availability().flatMap(body -> AvailabilityView.parse(json, body));
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
