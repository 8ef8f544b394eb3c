package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.clock.ManualClock;
import me.grokme.pinning.ledger.ResolvedReference;
import me.grokme.pinning.testing.TestCids;
import org.junit.jupiter.api.Test;

/** The walk's bounds, on an in-memory IPFS: the reference cap over the whole walk, the deadline, repeats. */
class DocumentWalkTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final Map<String, byte[]> files = new HashMap<>();
    private final List<String> reads = new ArrayList<>();

    /** Serves {@link #files} by IPFS path; each read advances the clock a second. */
    private final ContentFetcher fetcher = (cid, path, maxBytes) -> {
        reads.add("/ipfs/" + cid + path);
        clock.advance(Duration.ofSeconds(1));
        byte[] bytes = files.get("/ipfs/" + cid + path);
        return bytes == null ? new ContentFetcher.Content.Unavailable("not found") : new ContentFetcher.Content.Fetched(bytes);
    };

    private DocumentWalk.Result walk(Cid metadata, DeepPinSettings settings, Instant deadline) {
        MetadataReferences.Parsed.References refs = assertInstanceOf(MetadataReferences.Parsed.References.class,
                MetadataReferences.parseMetadata(files.get("/ipfs/" + metadata), settings.maxReferences()));
        return new DocumentWalk(fetcher, settings, clock).walk(new IpfsPath(metadata, ""), refs, deadline);
    }

    private static DeepPinSettings limits(int depth, int references) {
        DeepPinSettings d = DeepPinSettings.defaults();
        return new DeepPinSettings(d.maxMetadataBytes(), d.fetchTimeout(), d.tasksPerRun(), d.maxAttempts(), d.firstRetry(), d.maxRetry(),
                depth, references);
    }

    private void put(Cid cid, String json) {
        files.put("/ipfs/" + cid, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theReferenceCapCountsTheWholeWalkBreadthFirst() {
        Cid metadata = TestCids.raw(1);
        Cid manifest = TestCids.raw(2);
        put(metadata, "{\"image\":\"ipfs://" + TestCids.raw(3) + "\",\"uri\":\"ipfs://" + manifest + "\"}");
        put(manifest, "{\"files\":[{\"uri\":\"ipfs://" + TestCids.raw(4) + "\"},{\"uri\":\"ipfs://" + TestCids.raw(5) + "\"}]}");
        files.put("/ipfs/" + TestCids.raw(3), new byte[] {(byte) 0x89, 'P'});
        files.put("/ipfs/" + TestCids.raw(4), new byte[] {(byte) 0x89, 'P'});

        DocumentWalk.Result result = walk(metadata, limits(3, 3), Instant.MAX);

        assertEquals(List.of("image", "uri", "files[0].uri"), result.references().stream().map(ResolvedReference::field).toList());
        assertTrue(result.truncated());
        assertEquals(List.of(TestCids.raw(3), manifest, TestCids.raw(4)), List.copyOf(result.toPin().keySet()));
        assertEquals(1, result.documents());
        assertTrue(result.unreadable().isEmpty(), "the fifth CID was never looked at: " + result.unreadable());
    }

    @Test
    void theDeadlineStopsTheWalkBetweenReferences() {
        Cid metadata = TestCids.raw(10);
        put(metadata, "{\"files\":[{\"uri\":\"ipfs://" + TestCids.raw(11) + "\"},{\"uri\":\"ipfs://" + TestCids.raw(12) + "\"}]}");
        put(TestCids.raw(11), "{}");
        put(TestCids.raw(12), "{}");

        DocumentWalk.Result result = walk(metadata, limits(3, 64), clock.instant().plusMillis(500));

        assertTrue(result.outOfTime());
        assertEquals(1, result.references().size(), "the first read took past the deadline");
        assertEquals(List.of("/ipfs/" + TestCids.raw(11)), reads);
    }

    @Test
    void aTargetIsReadOncePerWalkHoweverOftenItIsReferenced() {
        Cid metadata = TestCids.raw(20);
        Cid image = TestCids.raw(21);
        Cid manifest = TestCids.raw(22);
        put(metadata, "{\"image\":\"ipfs://" + image + "\",\"files\":[{\"uri\":\"/ipfs/" + image + "\"},{\"uri\":\"ipfs://" + manifest
                + "\"},{\"uri\":\"ipfs://" + manifest + "\"}]}");
        put(manifest, "{\"image\":\"ipfs://" + image + "\"}");
        files.put("/ipfs/" + image, new byte[] {(byte) 0x89, 'P'});

        DocumentWalk.Result result = walk(metadata, limits(3, 64), Instant.MAX);

        assertEquals(List.of("/ipfs/" + image, "/ipfs/" + manifest), reads);
        assertEquals(List.of(image, manifest), List.copyOf(result.toPin().keySet()));
        assertEquals("a JSON document already read in this walk; not read again", result.references().get(3).note());
        assertEquals(2, result.references().get(4).depth());
        assertEquals("content, not a JSON document: pinned, not read", result.references().get(4).note());
    }

    @Test
    void anUnreadableTargetIsReportedForAnotherWalkLater() {
        Cid metadata = TestCids.raw(30);
        put(metadata, "{\"image\":\"ipfs://" + TestCids.raw(31) + "\"}");
        DocumentWalk.Result result = walk(metadata, limits(3, 64), Instant.MAX);
        assertEquals(List.of("/ipfs/" + TestCids.raw(31) + ": not found"), result.unreadable());
        assertEquals(List.of(TestCids.raw(31)), List.copyOf(result.toPin().keySet()), "pinned all the same");
    }
}
