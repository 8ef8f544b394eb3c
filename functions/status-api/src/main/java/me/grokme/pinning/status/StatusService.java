package me.grokme.pinning.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.ledger.LedgerUnavailableException;
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
            return document(documents.dashboard(summary.get(), clock.instant()));
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
            Optional<ObjectNode> doc = cidDocument(cid.toV1().toString());
            if (doc.isEmpty() && cid.toV0().isPresent()) {
                doc = cidDocument(cid.toV0().get().toString());
            }
            return doc.<StatusResult>map(this::document)
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
        try {
            List<ObjectNode> cids = new ArrayList<>();
            for (StatusReader.TokenCid link : reader.cidsForToken(tokenId)) {
                cidDocument(link.cid()).ifPresent(doc -> {
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

    private Optional<ObjectNode> cidDocument(String cid) {
        Map<String, AttributeValue> request = reader.request(cid).orElse(null);
        Map<String, AttributeValue> health = reader.health(cid).orElse(null);
        if (request == null && health == null) {
            return Optional.empty();
        }
        return Optional.of(documents.cid(cid, request, health, reader.history(cid, 50)));
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
