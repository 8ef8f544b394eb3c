package me.grokme.pinning.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import me.grokme.pinning.cid.Cid;

/**
 * The verbs this project needs from the IPFS Cluster REST API (port 9094).
 *
 * <p>Every method throws a {@link ClusterException} subtype on failure:
 * {@link ClusterUnreachableException} (no connection / timeout — retry later),
 * {@link ClusterAuthException} (401/403 — credentials wrong), {@link ClusterApiException} (any other
 * error answer, carrying the cluster's {@code code} and {@code message}), {@link ClusterProtocolException}
 * (a body that is not what the API writes), {@link ClusterStreamIncompleteException} (a stream that ended
 * with an error trailer or was cut short: the items already delivered are not the whole answer).
 *
 * <p>Streaming methods hand items to the consumer one at a time, in constant memory, and return the
 * number delivered; they return normally only when the stream is known to be complete. An empty stream
 * (HTTP 204) delivers nothing and returns 0.
 */
public interface ClusterClient {

    /** {@code POST /pins/ipfs/{cid}} with the options as query parameters; returns the committed pin. */
    Pin pin(Cid cid, PinOptions options);

    /**
     * {@code DELETE /pins/{cid}}: removes the CID from the pinset (every peer unpins it). True when it was in the pinset,
     * false when it was not (404): either way it is not pinned afterwards, so a repeated unpin is harmless.
     */
    boolean unpin(Cid cid);

    /** {@code GET /pins/{cid}}: cluster-wide status of one CID (every member {@code unpinned} when not in the pinset). */
    GlobalPinInfo status(Cid cid);

    /** {@code GET /pins} streamed. With {@code cids} the request is split into chunks that fit the request line. */
    long statusAll(StatusQuery query, Consumer<? super GlobalPinInfo> consumer);

    /** {@code GET /allocations/{cid}}; empty when the CID is not part of the pinset (404). */
    Optional<Pin> allocation(Cid cid);

    /** {@code GET /allocations?filter=...} streamed; an empty filter set means all pin types. */
    long allocations(Set<PinType> filter, Consumer<? super Pin> consumer);

    /** {@code POST /pins/{cid}/recover}: re-trigger the pin on peers where it errored. */
    GlobalPinInfo recover(Cid cid);

    /** {@code GET /peers} streamed. */
    long peers(Consumer<? super ClusterPeer> consumer);

    /** {@code GET /id}: the answering peer. */
    ClusterPeer id();

    /** {@code GET /monitor/metrics/{name}}: the latest valid, unexpired metric of that name per peer. */
    List<Metric> metrics(String name);

    /** {@code GET /health/alerts}. */
    List<Alert> alerts();
}
