package me.grokme.pinning.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinOptions;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.devcluster.RealClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The verification library on what real kubo gateways answer: its 412 for only-if-cached, its raw blocks and CARs. */
class GatewayVerifierAgainstKuboIT {

    @RegisterExtension
    static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions();

    private static GatewayVerifier verifier(RealCluster.Peer p) {
        return new GatewayVerifier(p.gatewayUrl(), HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    @Test
    void kubo_answers_412_for_a_block_it_does_not_hold_and_serves_a_verifiable_dag_once_the_cluster_pinned_it() throws Exception {
        RealCluster c = CLUSTER.cluster();
        // A directory with a 1.5 MB file: several 256 KiB raw leaves under dag-pb nodes, and a small file.
        byte[] big = new byte[1_500_000];
        new Random(17).nextBytes(big);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("big.bin", big);
        files.put("note.txt", ("probe " + Instant.now()).getBytes(StandardCharsets.UTF_8));
        Cid dir = Cid.parse(c.addDirectory("us-1", files));

        Verification.Failed absent = assertInstanceOf(Verification.Failed.class, verifier(c.peer("eu-1")).verifyRoot(dir));
        assertEquals(VerifyFailure.NOT_LOCAL, absent.reason(), absent.detail());
        assertInstanceOf(Verification.Verified.class, verifier(c.peer("us-1")).verifyRoot(dir));

        ClusterClient client = new OkHttpClusterClient(ClusterClientConfig.defaults(c.peer("eu-1").apiUrl(),
                new ClusterAuth.Basic(c.user(), c.password())));
        client.pin(dir, PinOptions.of("probe-it", -1, -1));
        c.await(Duration.ofSeconds(120), () -> client.status(dir).pinnedCount() == 3, "pinned on every peer");
        for (RealCluster.Peer p : c.peers()) {
            assertInstanceOf(Verification.Verified.class, verifier(p).verifyRoot(dir), p.name());
            Verification.Verified dag = assertInstanceOf(Verification.Verified.class, verifier(p).verifyDag(dir, 16L << 20), p.name());
            assertTrue(dag.dag());
            assertTrue(dag.blocks() >= 8, "root, file node, 6 leaves, note: " + dag);
            assertTrue(dag.bytes() > big.length, dag.toString());
        }
    }
}
