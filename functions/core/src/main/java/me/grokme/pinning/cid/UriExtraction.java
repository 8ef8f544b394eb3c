package me.grokme.pinning.cid;

import java.util.Objects;

/** What {@link IpfsUris#extract(String)} found in a token URI: a CID to pin, or a reason not to pin. */
public sealed interface UriExtraction {

    /**
     * @param cid  the content to pin
     * @param path the sub-path inside it, normalised ({@code ""} when none, else {@code /a/b}); query and
     *             fragment are dropped
     */
    record Extracted(Cid cid, String path) implements UriExtraction {
        public Extracted {
            Objects.requireNonNull(cid, "cid");
            Objects.requireNonNull(path, "path");
        }
    }

    /** Nothing to pin; {@code reason} says why in words safe to store and show. */
    record Rejected(String reason) implements UriExtraction {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
