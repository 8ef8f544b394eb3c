package me.grokme.pinning.cid;

import java.util.Locale;

/**
 * Extracts the CID from the URI forms NFT metadata uses: {@code ipfs://CID[/path]}, {@code ipfs://ipfs/CID…},
 * {@code https://host/ipfs/CID/…}, subdomain gateways {@code https://CID.ipfs.host/…}, {@code /ipfs/CID/…}
 * and a bare CID.
 *
 * <p>Refused, with a reason: Arweave ({@code ar://}), {@code data:} URIs, IPNS names ({@code ipns://},
 * {@code /ipns/}, {@code *.ipns.host}, and CIDs with the libp2p-key codec) because they are mutable, plain
 * web URLs, non-ASCII or control characters (look-alike and smuggling tricks), percent-encoding inside the
 * CID, and dot segments in the path. The CID is always re-parsed by {@link Cid#parse(String)}, so nothing
 * that is not a CID can reach a cluster URL.
 */
public final class IpfsUris {

    /** Longer token URIs are refused outright. */
    public static final int MAX_URI_LENGTH = 2048;

    private IpfsUris() {
    }

    /** Extracts the CID (and sub-path) from {@code uri}; never throws for bad input. */
    public static UriExtraction extract(String uri) {
        if (uri == null) {
            return reject("URI is empty");
        }
        String s = uri.strip();
        if (s.isEmpty()) {
            return reject("URI is empty");
        }
        if (s.length() > MAX_URI_LENGTH) {
            return reject("URI is longer than " + MAX_URI_LENGTH + " characters");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c == 0x7f) {
                return reject("URI contains whitespace or a control character at position " + i);
            }
            if (c > 0x7e) {
                return reject("URI contains a non-ASCII character at position " + i + " (look-alike characters are refused)");
            }
        }
        String lower = s.toLowerCase(Locale.ROOT);
        if (lower.startsWith("ipfs://")) {
            String rest = s.substring("ipfs://".length());
            if (rest.regionMatches(true, 0, "ipfs/", 0, 5)) {
                rest = rest.substring(5);
            }
            return fromCidAndPath(rest);
        }
        if (lower.startsWith("ipns://")) {
            return reject("IPNS name: mutable, not content-addressed");
        }
        if (lower.startsWith("ar://")) {
            return reject("Arweave URI, not IPFS");
        }
        if (lower.startsWith("data:")) {
            return reject("data: URI: the content is on-chain, nothing to pin");
        }
        if (lower.startsWith("https://") || lower.startsWith("http://")) {
            return fromHttp(s, lower.startsWith("https://") ? 8 : 7);
        }
        if (lower.startsWith("/ipfs/")) {
            return fromCidAndPath(s.substring(6));
        }
        if (lower.startsWith("/ipns/")) {
            return reject("IPNS path: mutable, not content-addressed");
        }
        if (s.indexOf(':') >= 0 || s.indexOf('/') >= 0) {
            return reject("not an IPFS URI (scheme or path not recognised)");
        }
        return fromCidAndPath(s);
    }

    private static UriExtraction fromHttp(String s, int afterScheme) {
        int end = firstOf(s, afterScheme, "/?#");
        String authority = s.substring(afterScheme, end);
        if (authority.indexOf('@') >= 0) {
            return reject("URL with user info is refused");
        }
        int colon = authority.lastIndexOf(':');
        String host = (colon >= 0 ? authority.substring(0, colon) : authority).toLowerCase(Locale.ROOT);
        String rest = s.substring(end);
        int ipfsLabel = host.indexOf(".ipfs.");
        if (ipfsLabel > 0) {
            // Subdomain gateway: the CID is the first DNS label (case-insensitive, so base32 or base36).
            return withPath(host.substring(0, ipfsLabel), pathOnly(rest));
        }
        if (host.contains(".ipns.")) {
            return reject("IPNS subdomain gateway URL: mutable, not content-addressed");
        }
        String path = pathOnly(rest);
        if (path.regionMatches(true, 0, "/ipfs/", 0, 6)) {
            return fromCidAndPath(path.substring(6));
        }
        if (path.regionMatches(true, 0, "/ipns/", 0, 6)) {
            return reject("IPNS gateway URL: mutable, not content-addressed");
        }
        return reject("plain web URL without an /ipfs/ path: not content-addressed");
    }

    /** {@code rest} = {@code CID[/path][?query][#fragment]}. */
    private static UriExtraction fromCidAndPath(String rest) {
        int end = firstOf(rest, 0, "/?#");
        String cidText = rest.substring(0, end);
        return withPath(cidText, pathOnly(rest.substring(end)));
    }

    private static UriExtraction withPath(String cidText, String path) {
        if (cidText.isEmpty()) {
            return reject("no CID in URI");
        }
        if (cidText.indexOf('%') >= 0) {
            return reject("percent-encoded characters in the CID part");
        }
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (InvalidCidException e) {
            return reject("invalid CID: " + e.getMessage());
        }
        if (cid.codec() == Cid.LIBP2P_KEY) {
            return reject("IPNS key (libp2p-key codec): mutable, not content");
        }
        String normalised = normalisePath(path);
        if (normalised == null) {
            return reject("path contains dot segments or encoded separators");
        }
        return new UriExtraction.Extracted(cid, normalised);
    }

    private static String pathOnly(String rest) {
        int end = firstOf(rest, 0, "?#");
        return rest.substring(0, end);
    }

    /** Collapses duplicate and trailing slashes; null when a segment is {@code .}/{@code ..} or hides one. */
    private static String normalisePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String lower = segment.toLowerCase(Locale.ROOT);
            if (segment.equals(".") || segment.equals("..") || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
                    || segment.indexOf('\\') >= 0) {
                return null;
            }
            sb.append('/').append(segment);
        }
        return sb.toString();
    }

    private static int firstOf(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    private static UriExtraction reject(String reason) {
        return new UriExtraction.Rejected(reason);
    }
}
