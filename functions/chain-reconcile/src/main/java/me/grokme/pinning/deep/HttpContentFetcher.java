package me.grokme.pinning.deep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import me.grokme.pinning.cid.Cid;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@link ContentFetcher} over HTTP, in one of two dialects: kubo's RPC {@code POST /api/v0/cat?arg=/ipfs/<cid>[/path]}
 * (what the cluster's IPFS proxy on :9095 forwards; {@code length} caps what kubo sends), or a path gateway
 * {@code GET /ipfs/<cid>[/path]}. Either way the body is read to at most {@code maxBytes + 1} bytes, so a
 * hostile or mistaken document cannot exhaust memory, and no further than its first significant byte when
 * that does not open a JSON object or array (deep pinning reads every reference to tell documents from content).
 */
public final class HttpContentFetcher implements ContentFetcher {

    /** The two dialects; the configuration names them {@code ipfs-api:<url>} and {@code gateway:<url>}. */
    public enum Dialect { IPFS_API, GATEWAY }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Dialect dialect;

    public HttpContentFetcher(OkHttpClient http, URI base, Dialect dialect) {
        this.http = http;
        this.base = HttpUrl.get(base.toString());
        this.dialect = dialect;
    }

    @Override
    public Content fetch(Cid cid, String path, int maxBytes) {
        // The CID is a parsed value and the path a normalised one (no dot segments); the URL builder encodes
        // each path segment, so neither can reach another endpoint.
        Request request = switch (dialect) {
            case IPFS_API -> new Request.Builder().url(base.newBuilder().addPathSegments("api/v0/cat")
                    .addQueryParameter("arg", "/ipfs/" + cid + path).addQueryParameter("length", Integer.toString(maxBytes + 1)).build())
                    .post(RequestBody.create(new byte[0])).build();
            case GATEWAY -> {
                HttpUrl.Builder url = base.newBuilder().addPathSegment("ipfs").addPathSegment(cid.toString());
                for (String segment : path.split("/")) {
                    if (!segment.isEmpty()) {
                        url.addPathSegment(segment);
                    }
                }
                yield new Request.Builder().url(url.build()).header("Accept", "application/json, */*;q=0.5").get().build();
            }
        };
        try (Response response = http.newCall(request).execute()) {
            if (!response.isSuccessful()) {
                return unsuccessful(response);
            }
            long declared = response.body().contentLength();
            if (declared > maxBytes) {
                return new Content.TooLarge(declared);
            }
            byte[] buffer = new byte[Math.min(maxBytes + 1, 64 * 1024)];
            int total = 0;
            boolean json = false;
            try (InputStream in = response.body().byteStream()) {
                while (true) {
                    if (total == buffer.length) {
                        if (buffer.length > maxBytes) {
                            return new Content.TooLarge(total);
                        }
                        buffer = Arrays.copyOf(buffer, Math.min(maxBytes + 1, buffer.length * 2));
                    }
                    int n = in.read(buffer, total, buffer.length - total);
                    if (n < 0) {
                        break;
                    }
                    total += n;
                    if (!json) {
                        Start start = start(buffer, total);
                        if (start == Start.OTHER) {
                            return new Content.NotJson();
                        }
                        json = start == Start.JSON;
                    }
                }
            }
            if (total > maxBytes) {
                return new Content.TooLarge(total);
            }
            return new Content.Fetched(Arrays.copyOf(buffer, total));
        } catch (IOException e) {
            return new Content.Unavailable(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + shorten(e.getMessage())));
        }
    }

    /** How a body starts: like a JSON object or array, like anything else, or not known yet (only blanks so far). */
    enum Start { JSON, OTHER, UNDECIDED }

    /** How the {@code length} bytes read so far start, after JSON whitespace and a UTF-8 byte order mark. */
    static Start start(byte[] bytes, int length) {
        int i = 0;
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        while (i < bom.length && i < length && bytes[i] == bom[i]) {
            i++;
        }
        if (i > 0 && i < bom.length) {
            return i == length ? Start.UNDECIDED : Start.OTHER;
        }
        while (i < length && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        if (i == length) {
            return Start.UNDECIDED;
        }
        return bytes[i] == '{' || bytes[i] == '[' ? Start.JSON : Start.OTHER;
    }

    /**
     * Tells the two answers that will never change (kubo's unixfs "this dag node is a directory" and its path
     * resolver's "no link named … under …") from failures worth retrying. kubo's RPC wraps its error in
     * {@code {"Message","Code","Type"}}; a gateway answers plain text.
     */
    private static Content unsuccessful(Response response) {
        String detail = "";
        try {
            detail = response.peekBody(512).string();
        } catch (IOException | RuntimeException ignored) {
            // the status says enough
        }
        String message = kuboMessage(detail).orElse(detail);
        if (message.contains("this dag node is a directory")) {
            return new Content.Directory();
        }
        int noLink = message.indexOf("no link named ");
        if (noLink >= 0) {
            return new Content.NoSuchFile(shorten(message.substring(noLink)));
        }
        return new Content.Unavailable("HTTP " + response.code() + (message.isBlank() ? "" : ": " + shorten(message)));
    }

    private static Optional<String> kuboMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            return node != null && node.path("Message").isTextual() ? Optional.of(node.get("Message").asText()) : Optional.empty();
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static String shorten(String s) {
        String line = s.replaceAll("[\\r\\n\\t]+", " ").strip();
        return line.length() > 160 ? line.substring(0, 160) + "…" : line;
    }
}
