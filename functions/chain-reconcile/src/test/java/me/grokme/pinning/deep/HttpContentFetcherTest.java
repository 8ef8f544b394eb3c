package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import me.grokme.pinning.testing.TestCids;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fetcher reads a JSON document up to the cap, and stops at the first bytes of anything else. */
class HttpContentFetcherTest {

    private final MockWebServer server = new MockWebServer();
    private HttpContentFetcher fetcher;

    @BeforeEach
    void start() throws IOException {
        server.start();
        fetcher = new HttpContentFetcher(new OkHttpClient(), server.url("/").uri(), HttpContentFetcher.Dialect.IPFS_API);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ContentFetcher.Content fetch(byte[] body, int maxBytes) {
        // kubo's cat streams without a length, so only reading tells the size.
        server.enqueue(new MockResponse.Builder().code(200).chunkedBody(new Buffer().write(body), 8192).build());
        return fetcher.fetch(TestCids.raw(1), "/a", maxBytes);
    }

    @Test
    void contentThatIsNotJsonIsRecognisedFromItsFirstBytesWhateverItsSize() {
        byte[] image = new byte[1024 * 1024];
        image[0] = (byte) 0x89;
        image[1] = 'P';
        assertInstanceOf(ContentFetcher.Content.NotJson.class, fetch(image, 256 * 1024), "not read to the cap and called too large");
        assertInstanceOf(ContentFetcher.Content.NotJson.class, fetch("<!DOCTYPE html>".getBytes(StandardCharsets.UTF_8), 1024));
    }

    @Test
    void aJsonDocumentIsReadWholeAfterBlanksAndAByteOrderMarkAndCappedAsBefore() {
        byte[] document = "\uFEFF \r\n\t{\"image\":\"ipfs://x\"}".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(document, assertInstanceOf(ContentFetcher.Content.Fetched.class, fetch(document, 1024)).bytes());
        byte[] big = new byte[300 * 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        assertInstanceOf(ContentFetcher.Content.TooLarge.class, fetch(big, 256 * 1024));
        assertArrayEquals(new byte[0], assertInstanceOf(ContentFetcher.Content.Fetched.class, fetch(new byte[0], 1024)).bytes(),
                "an empty body is left for the parser to call not JSON");
    }

    @Test
    void theStartIsUndecidedWhileOnlyBlanksOrPartOfAByteOrderMarkHaveArrived() {
        byte[] bytes = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, ' ', '\n', '{'};
        assertEquals(HttpContentFetcher.Start.UNDECIDED, HttpContentFetcher.start(bytes, 2));
        assertEquals(HttpContentFetcher.Start.UNDECIDED, HttpContentFetcher.start(bytes, 5));
        assertEquals(HttpContentFetcher.Start.JSON, HttpContentFetcher.start(bytes, 6));
        assertEquals(HttpContentFetcher.Start.OTHER, HttpContentFetcher.start(new byte[] {(byte) 0xEF, 'x'}, 2));
        assertEquals(HttpContentFetcher.Start.OTHER, HttpContentFetcher.start("\"image\"".getBytes(StandardCharsets.UTF_8), 7));
    }
}
