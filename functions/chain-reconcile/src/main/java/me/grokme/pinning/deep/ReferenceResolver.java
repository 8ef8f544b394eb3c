package me.grokme.pinning.deep;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import me.grokme.pinning.cid.IpfsUris;
import me.grokme.pinning.cid.UriExtraction;

/**
 * Resolves a URI found in a document against the IPFS path of that document.
 *
 * <p>An absolute IPFS reference ({@code ipfs://…}, {@code /ipfs/…}, a gateway URL, a bare CID) is taken as
 * {@link IpfsUris} reads it. A relative reference — no scheme, e.g. {@code image.png}, {@code ./img/1.png},
 * {@code ../shared/x.png}, {@code /img/1.png} — is resolved the RFC 3986 way (§5.2) against the document's
 * path, reading {@code ipfs://<root>/…} with the root CID as the authority: a path starting with {@code /}
 * starts at the root, any other is merged with the document's directory, then dot segments are removed. A
 * {@code ..} that would climb above the root CID is refused (RFC 3986 would silently drop it; here it would
 * mean content outside what the CID fixes), and so is a relative reference in a document that is a CID of
 * its own rather than a file in a directory (it has no directory to resolve against). Query and fragment are
 * dropped, as for absolute URIs.
 */
public final class ReferenceResolver {

    /** RFC 3986 scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":". */
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private ReferenceResolver() {
    }

    public static ReferenceTarget resolve(String uri, IpfsPath document) {
        UriExtraction absolute = IpfsUris.extract(uri);
        if (absolute instanceof UriExtraction.Extracted ex) {
            return new ReferenceTarget.Ipfs(new IpfsPath(ex.cid(), ex.path()), false);
        }
        String reason = ((UriExtraction.Rejected) absolute).reason();
        String s = uri.strip();
        String lower = s.toLowerCase(Locale.ROOT);
        if (s.isEmpty() || SCHEME.matcher(s).find() || s.startsWith("//") || lower.startsWith("/ipfs/") || lower.startsWith("/ipns/")
                || s.length() > IpfsUris.MAX_URI_LENGTH) {
            return new ReferenceTarget.NotIpfs(reason);
        }
        return resolveRelative(s, document);
    }

    private static ReferenceTarget resolveRelative(String reference, IpfsPath document) {
        for (int i = 0; i < reference.length(); i++) {
            char c = reference.charAt(i);
            if (c < 0x21 || c > 0x7e || c == '\\') {
                return new ReferenceTarget.NotIpfs("not a URI: whitespace, a backslash, a control or non-ASCII character at position " + i);
            }
        }
        int end = reference.length();
        for (char stop : new char[] {'?', '#'}) {
            int at = reference.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String path = reference.substring(0, end);
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")) {
            return new ReferenceTarget.Refused("relative reference with encoded dots or separators");
        }
        if (path.isEmpty()) {
            return new ReferenceTarget.Refused("relative reference to the document itself");
        }
        if (document.path().isEmpty()) {
            return new ReferenceTarget.Refused("relative reference in a document that is a CID of its own, not a file inside a directory: "
                    + "nothing to resolve it against");
        }
        String merged = path.startsWith("/") ? path : document.path().substring(0, document.path().lastIndexOf('/') + 1) + path;
        List<String> out = new ArrayList<>();
        for (String segment : merged.split("/", -1)) {
            if (segment.equals("..")) {
                if (out.isEmpty()) {
                    return new ReferenceTarget.Refused("relative reference climbs above the root CID " + document.root() + " of "
                            + document);
                }
                out.remove(out.size() - 1);
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                out.add(segment);
            }
        }
        return new ReferenceTarget.Ipfs(new IpfsPath(document.root(), out.isEmpty() ? "" : "/" + String.join("/", out)), true);
    }
}
