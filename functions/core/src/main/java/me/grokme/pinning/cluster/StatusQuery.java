package me.grokme.pinning.cluster;

import java.util.List;
import java.util.Set;
import me.grokme.pinning.cid.Cid;

/**
 * Parameters of {@code GET /pins}.
 *
 * @param filters empty for all statuses; ignored by the cluster when {@code cids} is set
 * @param local   {@code local=true}: only the answering peer's view
 * @param cids    empty for the whole pinset; otherwise only these (the client chunks long lists so the
 *                request line stays under the cluster's ~8 KB limit)
 */
public record StatusQuery(Set<StatusFilter> filters, boolean local, List<Cid> cids) {

    public StatusQuery {
        filters = Set.copyOf(filters);
        cids = List.copyOf(cids);
    }

    /** Every CID of the pinset, every peer, no filter. */
    public static StatusQuery all() {
        return new StatusQuery(Set.of(), false, List.of());
    }

    public static StatusQuery filtered(Set<StatusFilter> filters) {
        return new StatusQuery(filters, false, List.of());
    }

    public static StatusQuery forCids(List<Cid> cids) {
        return new StatusQuery(Set.of(), false, cids);
    }
}
