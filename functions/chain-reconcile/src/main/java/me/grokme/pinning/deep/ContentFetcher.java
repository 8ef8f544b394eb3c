package me.grokme.pinning.deep;

import me.grokme.pinning.cid.Cid;

/** Reads a CID's bytes from IPFS (the cluster's IPFS proxy or a gateway), capped in size and time. */
public interface ContentFetcher {

    Content fetch(Cid cid, int maxBytes);

    /** What a read gave. */
    sealed interface Content {

        record Fetched(byte[] bytes) implements Content {
        }

        /** Larger than the cap: will not change by asking again. */
        record TooLarge(long atLeastBytes) implements Content {
        }

        /** Not retrievable now (not found yet, timeout, error): worth another attempt later. */
        record Unavailable(String reason) implements Content {
        }
    }
}
