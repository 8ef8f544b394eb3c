package me.grokme.pinning.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Streamed calls end by their deadline whatever the server does: trickle bytes, stall after some items, or
 * never send its headers. The durations only bound the test (a safety net against a hang); what is asserted
 * is the exception's type and which deadline ended the call.
 */
class ClusterStreamDeadlineTest {

    private static final String HEAD = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTrailer: X-Stream-Error\r\n"
            + "Transfer-Encoding: chunked\r\n\r\n";
    private static final byte[] ITEM = ClusterClientFixtureTest.fixture("status-pinned.json").strip().concat("\n")
            .getBytes(StandardCharsets.UTF_8);
    /** Lets stalled server threads go when a test ends. */
    private final CountDownLatch stop = new CountDownLatch(1);

    @AfterEach
    void release() {
        stop.countDown();
    }

    private static ClusterClient client(String url, Duration streamReadTimeout, int retries, Duration deadline,
            Supplier<Optional<Instant>> callerDeadline) {
        ClusterClientConfig config = new ClusterClientConfig(URI.create(url), new ClusterAuth.None(), Duration.ofSeconds(2),
                Duration.ofSeconds(2), Duration.ofSeconds(5), streamReadTimeout, retries, Duration.ofMillis(10), deadline);
        return new OkHttpClusterClient(config, new OkHttpClient(), d -> { }, callerDeadline);
    }

    private static void chunk(OutputStream out, byte[] bytes, int from, int to) throws IOException {
        out.write((Integer.toHexString(to - from) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes, from, to - from);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Whole items, 16 bytes every 5 ms, for about 8 s; then a proper end: a complete stream, only slow. */
    private RawHttpServer trickling() throws IOException {
        return new RawHttpServer(out -> {
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(8);
            while (System.nanoTime() < end) {
                for (int i = 0; i < ITEM.length; i += 16) {
                    chunk(out, ITEM, i, Math.min(ITEM.length, i + 16));
                    Thread.sleep(5);
                }
            }
            out.write("0\r\nX-Stream-Error: \r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }, false);
    }

    /** Two items at once, then nothing until the test ends. */
    private RawHttpServer stallingAfterTwoItems() throws IOException {
        return new RawHttpServer(out -> {
            out.write(HEAD.getBytes(StandardCharsets.US_ASCII));
            chunk(out, ITEM, 0, ITEM.length);
            chunk(out, ITEM, 0, ITEM.length);
            stop.await(60, TimeUnit.SECONDS);
        }, false);
    }

    @Test
    void aServerThatTricklesBytesCannotHoldAStreamPastItsDeadline() throws IOException {
        try (RawHttpServer raw = trickling()) {
            ClusterClient c = client(raw.url(), Duration.ofSeconds(5), 0, Duration.ofSeconds(2), Optional::empty);
            List<GlobalPinInfo> got = new ArrayList<>();
            ClusterStreamDeadlineException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> assertThrows(ClusterStreamDeadlineException.class, () -> c.statusAll(StatusQuery.all(), got::add)));
            assertEquals(ClusterStreamDeadlineException.Bound.STREAM_DEADLINE, e.bound());
            assertEquals(Duration.ofSeconds(2), e.allowed());
            assertEquals(got.size(), e.itemsDelivered(), "the items delivered are counted, and they are not the whole answer");
            assertInstanceOf(ClusterStreamIncompleteException.class, e, "callers that handle a cut stream handle this one");
        }
    }

    @Test
    void aStreamThatStallsAfterTwoItemsEndsAtTheDeadlineNotTheReadTimeout() throws IOException {
        try (RawHttpServer raw = stallingAfterTwoItems()) {
            ClusterClient c = client(raw.url(), Duration.ofSeconds(30), 2, Duration.ofSeconds(2), Optional::empty);
            List<GlobalPinInfo> got = new ArrayList<>();
            ClusterStreamDeadlineException e = assertTimeoutPreemptively(Duration.ofSeconds(25),
                    () -> assertThrows(ClusterStreamDeadlineException.class, () -> c.statusAll(StatusQuery.all(), got::add)));
            assertEquals(ClusterStreamDeadlineException.Bound.STREAM_DEADLINE, e.bound());
            assertEquals(2, e.itemsDelivered());
            assertEquals(2, got.size());
            assertEquals(1, raw.requests.get(), "a stream that delivered items is never sent again");
        }
    }

    @Test
    void headersThatNeverComeEndAtTheDeadlineWithoutFurtherAttempts() throws IOException {
        try (RawHttpServer raw = new RawHttpServer(out -> stop.await(60, TimeUnit.SECONDS), false)) {
            ClusterClient c = client(raw.url(), Duration.ofSeconds(3), 2, Duration.ofSeconds(1), Optional::empty);
            ClusterStreamDeadlineException e = assertTimeoutPreemptively(Duration.ofSeconds(25),
                    () -> assertThrows(ClusterStreamDeadlineException.class, () -> c.peers(p -> { })));
            assertEquals(ClusterStreamDeadlineException.Bound.STREAM_DEADLINE, e.bound());
            assertEquals(0, e.itemsDelivered());
            assertEquals(1, raw.requests.get(), "no retry once the deadline has passed");
        }
    }

    @Test
    void theCallersEarlierDeadlineEndsTheStream() throws IOException {
        try (RawHttpServer raw = stallingAfterTwoItems()) {
            Instant invocationEnds = Instant.now().plusSeconds(1);
            ClusterClient c = client(raw.url(), Duration.ofSeconds(30), 0, Duration.ofMinutes(10), () -> Optional.of(invocationEnds));
            ClusterStreamDeadlineException e = assertTimeoutPreemptively(Duration.ofSeconds(25),
                    () -> assertThrows(ClusterStreamDeadlineException.class, () -> c.allocations(Set.of(), p -> { })));
            assertEquals(ClusterStreamDeadlineException.Bound.CALLER_DEADLINE, e.bound());
            assertTrue(e.allowed().compareTo(Duration.ofSeconds(1)) <= 0, e.allowed().toString());
        }
    }

    @Test
    void aCallerDeadlineAlreadyPastSendsNothing() throws IOException {
        try (RawHttpServer raw = trickling()) {
            ClusterClient c = client(raw.url(), Duration.ofSeconds(5), 2, Duration.ofMinutes(10),
                    () -> Optional.of(Instant.now().minusSeconds(1)));
            ClusterStreamDeadlineException e = assertThrows(ClusterStreamDeadlineException.class,
                    () -> c.statusAll(StatusQuery.all(), g -> { }));
            assertEquals(ClusterStreamDeadlineException.Bound.CALLER_DEADLINE, e.bound());
            assertEquals(Duration.ZERO, e.allowed());
            assertNull(e.getCause());
            assertEquals(0, raw.connections.get());
        }
    }

    @Test
    void aStreamThatEndsInTimeIsCompleteWhateverTheCallersDeadline() throws IOException {
        String line = new String(ITEM, StandardCharsets.UTF_8);
        String body = HEAD + Integer.toHexString(ITEM.length) + "\r\n" + line + "\r\n0\r\nX-Stream-Error: \r\n\r\n";
        try (RawHttpServer raw = new RawHttpServer(body, true)) {
            ClusterClient c = client(raw.url(), Duration.ofSeconds(5), 0, Duration.ofMinutes(1),
                    () -> Optional.of(Instant.now().plusSeconds(30)));
            assertEquals(1, c.statusAll(StatusQuery.all(), g -> { }));
        }
    }
}
