package me.grokme.pinning.ledger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.dashboard.Dashboard;

/**
 * The reads behind the public status routes, typed: one read for the dashboard, a few for a CID or a token.
 * Read-only. Every method throws {@link LedgerUnavailableException} when the table cannot be read.
 */
public interface StatusQueries {

    /** The last sweep's dashboard; empty before the first sweep (or while only an item of the earlier form exists). */
    Optional<Dashboard> dashboard();

    /** The ledger's pin request for the CID; empty when no mint asked for it. */
    Optional<PinRequest> request(Cid cid);

    /** The sweep's last observation of the CID; empty before a sweep saw it. */
    Optional<HealthRecord> health(Cid cid);

    /** The retrieval probes' record of the CID; empty before a probe checked it. */
    Optional<RetrievalRecord> probe(Cid cid);

    /** The sweep's precomputed availability view (incidents, uptime, durability, histories) as JSON; empty before one was written. */
    Optional<String> availability();

    /** One pin operation in a CID's history. */
    record HistoryEntry(String at, String kind, String result) {
    }

    /** The CID's pin operations, newest first, at most {@code limit}. */
    List<HistoryEntry> history(Cid cid, int limit);

    /**
     * A CID linked to a token, and what it is to the token: {@code token_uri}, or the metadata field it came from;
     * {@code path} is where the token's file sits inside it ({@code /42.json}), or "". {@code uriAt} is where on chain a
     * token URI link was set (block and log index, sortable; "" on links older than it), {@code via} the metadata CID a
     * referenced CID was found through ("" for a token URI link).
     */
    record TokenCid(String cid, String role, String path, String uriAt, String via) {

        public boolean tokenUri() {
            return role.equals("token_uri");
        }
    }

    /** The first {@code limit} CIDs recorded for a token: its token URI's, and with deep pinning those its metadata references. */
    List<TokenCid> cidsForToken(TokenRef token, int limit);

    /** A reference found in a token's metadata that was not pinned, and why ({@code note}: "refused …" or not IPFS). */
    record UnpinnedReference(String field, String uri, String note) {
    }

    /**
     * The reading of a token's metadata for the CIDs it references (deep pinning): {@code state} PENDING, DONE, FAILED
     * or SKIPPED; {@code reason} why it finished so, {@code error} the last attempt's error while PENDING.
     */
    record MetadataRead(String state, String reason, String error, List<UnpinnedReference> unpinned) {

        public MetadataRead {
            unpinned = List.copyOf(unpinned);
        }
    }

    /** One item of a token: content linked to it (with its metadata's reading, when deep pinning read it), or a refused mint. */
    sealed interface TokenItem {

        record Content(TokenCid link, Optional<MetadataRead> read) implements TokenItem {
        }

        /** A mint log of the token that pins nothing: {@code kind} is the {@link RejectionKind}'s wire name. */
        record Rejected(String kind, String reason, String at) implements TokenItem {
        }
    }

    /** One page of a token's items in sort-key order, and the sort key to continue after when there are more. */
    record TokenPage(List<TokenItem> items, Optional<String> lastKey) {

        public TokenPage {
            items = List.copyOf(items);
        }
    }

    /**
     * A token's link to a CID whose mint is no longer on the canonical chain.
     *
     * @param reason {@link ReorgReason#wire()}: deep_reorg or removed_by_provider
     * @param at     when it was found orphaned (ISO-8601)
     */
    record OrphanedLink(String cid, ReorgReason reason, String at) {
    }

    /** The token's links whose mint was orphaned, by CID: one Query of the token's links, filtered. */
    Map<String, OrphanedLink> orphanedLinks(TokenRef token);

    /** Every item of a token, {@code limit} at a time, after the sort key {@code after}; one Query. */
    TokenPage tokenPage(TokenRef token, Optional<String> after, int limit);
}
