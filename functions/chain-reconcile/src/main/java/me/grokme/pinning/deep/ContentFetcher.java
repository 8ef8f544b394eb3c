package me.grokme.pinning.deep;

import me.grokme.pinning.cid.Cid;

/**
 * Reads a JSON document's bytes from IPFS (the cluster's IPFS proxy or a gateway), capped in size and time;
 * anything that does not start like JSON is only recognised as such.
 */
public interface ContentFetcher {

    /**
     * @param path where the file sits inside {@code cid} ({@code /42.json}), or "" for the CID itself;
     *             normalised (no dot segments, no encoded separators)
     */
    Content fetch(Cid cid, String path, int maxBytes);

    /** What a read gave. */
    sealed interface Content {

        record Fetched(byte[] bytes) implements Content {
        }

        /**
         * The body does not start like a JSON object or array (after whitespace and a byte order mark): an image,
         * HTML, a text… Reading stopped at its first bytes, so content of any size costs one small read.
         */
        record NotJson() implements Content {
        }

        /** Larger than the cap: will not change by asking again. */
        record TooLarge(long atLeastBytes) implements Content {
        }

        /** Not retrievable now (not found yet, timeout, error): worth another attempt later. */
        record Unavailable(String reason) implements Content {
        }

        /** The path names a directory, not a file: content-addressed, so it never becomes one. */
        record Directory() implements Content {
        }

        /** The directory was read and has no such entry: it never will (a directory's CID fixes its entries). */
        record NoSuchFile(String reason) implements Content {
        }
    }
}
