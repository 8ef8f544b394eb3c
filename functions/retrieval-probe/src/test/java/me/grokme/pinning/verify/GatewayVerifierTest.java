package me.grokme.pinning.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import me.grokme.pinning.verify.FakeGateway.Answer;
import me.grokme.pinning.verify.TestBlocks.Block;
import org.junit.jupiter.api.Test;

class GatewayVerifierTest {

    private final Block leaf = TestBlocks.raw("leaf bytes");
    private final Block root = TestBlocks.dagPb(new byte[] {0x08, 0x02}, List.of(leaf));
    private final byte[] car = TestBlocks.car(root.cid(), List.of(root, leaf));

    private FakeGateway serving() throws IOException {
        return FakeGateway.answering(a -> a.pathAndQuery().endsWith("format=car") ? new Answer(200, car) : new Answer(200, root.data()));
    }

    private static GatewayVerifier verifier(URI url) {
        return new GatewayVerifier(url, HttpClient.newHttpClient(), Duration.ofSeconds(5));
    }

    @Test
    void healthy_root_and_dag_verify_and_the_requests_follow_the_trustless_gateway_spec() throws IOException {
        try (FakeGateway g = serving()) {
            assertEquals(new Verification.Verified(1, root.data().length, false), verifier(g.url()).verifyRoot(root.cid()));
            assertInstanceOf(Verification.Verified.class, verifier(g.url()).verifyDag(root.cid(), 1 << 20));
            FakeGateway.Asked raw = g.asked().get(0);
            assertEquals("/ipfs/" + root.cid() + "?format=raw", raw.pathAndQuery());
            assertEquals("only-if-cached", raw.headers().get("cache-control"));
            assertEquals("application/vnd.ipld.raw", raw.headers().get("accept"));
            assertEquals("application/vnd.ipld.car", g.asked().get(1).headers().get("accept"));
            assertEquals("only-if-cached", g.asked().get(1).headers().get("cache-control"));
        }
    }

    @Test
    void a_gateway_that_flips_a_byte_is_caught_on_the_root_and_in_the_car() throws IOException {
        try (FakeGateway g = serving().flipping(true)) {
            Verification.Failed root = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyRoot(this.root.cid()));
            assertEquals(VerifyFailure.HASH_MISMATCH, root.reason());
            Verification.Failed dag = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyDag(this.root.cid(), 1 << 20));
            assertEquals(VerifyFailure.HASH_MISMATCH, dag.reason());
        }
    }

    @Test
    void the_block_walk_asks_each_block_alone_and_fails_on_a_missing_or_flipped_one() throws IOException {
        Block leaf2 = TestBlocks.raw("second leaf");
        Block twoLeaves = TestBlocks.dagPb(new byte[] {0x08, 0x02}, List.of(leaf, leaf2));
        java.util.Map<String, byte[]> store = new java.util.concurrent.ConcurrentHashMap<>(java.util.Map.of(
                "/ipfs/" + twoLeaves.cid() + "?format=raw", twoLeaves.data(), "/ipfs/" + leaf.cid() + "?format=raw", leaf.data(),
                "/ipfs/" + leaf2.cid() + "?format=raw", leaf2.data()));
        try (FakeGateway g = FakeGateway.answering(a -> store.containsKey(a.pathAndQuery())
                ? new Answer(200, store.get(a.pathAndQuery())) : new Answer(412, new byte[0]))) {
            assertEquals(new Verification.Verified(3, twoLeaves.data().length + leaf.data().length + leaf2.data().length, true),
                    verifier(g.url()).verifyDagByBlocks(twoLeaves.cid(), 1 << 20));
            assertEquals(3, g.asked().size());
            assertEquals(List.of("only-if-cached"), g.asked().stream().map(a -> a.headers().get("cache-control")).distinct().toList());

            store.remove("/ipfs/" + leaf2.cid() + "?format=raw");
            Verification.Failed missing = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyDagByBlocks(twoLeaves.cid(), 1 << 20));
            assertEquals(VerifyFailure.NOT_LOCAL, missing.reason());
            assertEquals(true, missing.detail().contains(leaf2.cid().toString()), missing.detail());
        }
        try (FakeGateway g = FakeGateway.answering(a -> a.pathAndQuery().contains(twoLeaves.cid().toString())
                ? new Answer(200, twoLeaves.data()) : new Answer(200, leaf.data()))
                .flippingWhen(q -> q.contains(leaf.cid().toString()))) {
            Verification.Failed flipped = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyDagByBlocks(twoLeaves.cid(), 1 << 20));
            assertEquals(VerifyFailure.HASH_MISMATCH, flipped.reason());
        }
    }

    @Test
    void status_412_means_not_in_the_local_blockstore() throws IOException {
        try (FakeGateway g = FakeGateway.answering(a -> new Answer(412, new byte[0]))) {
            Verification.Failed f = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyRoot(root.cid()));
            assertEquals(VerifyFailure.NOT_LOCAL, f.reason());
        }
        try (FakeGateway g = FakeGateway.answering(a -> new Answer(504, new byte[0]))) {
            Verification.Failed f = assertInstanceOf(Verification.Failed.class, verifier(g.url()).verifyRoot(root.cid()));
            assertEquals(VerifyFailure.HTTP_STATUS, f.reason());
        }
    }

    @Test
    void a_gateway_nobody_listens_on_is_unreachable_and_not_repairable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Verification.Failed f = assertInstanceOf(Verification.Failed.class,
                verifier(URI.create("http://127.0.0.1:" + port)).verifyRoot(root.cid()));
        assertEquals(VerifyFailure.UNREACHABLE, f.reason());
        assertEquals(false, f.reason().repairable());
    }
}
