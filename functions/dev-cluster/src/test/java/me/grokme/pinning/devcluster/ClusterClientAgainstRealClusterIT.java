package me.grokme.pinning.devcluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClient;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.ClusterClientContract;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The client contract, the same assertions as on the fixtures and the simulator, against ipfs-cluster and kubo themselves. */
class ClusterClientAgainstRealClusterIT extends ClusterClientContract {

    @RegisterExtension
    static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions();

    private static ClusterClient client;
    private static Cid content;

    @BeforeAll
    static void connect() {
        RealCluster c = CLUSTER.cluster();
        client = new OkHttpClusterClient(ClusterClientConfig.defaults(c.peer("eu-1").apiUrl(),
                new ClusterAuth.Basic(c.user(), c.password())));
        // Content one peer holds, so the others can fetch it over bitswap and the pin completes.
        content = Cid.parse(c.addBytes("us-1", ("contract content " + Instant.now()).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected Cid pinned() {
        return content;
    }

    @Override
    protected ClusterClient client() {
        return client;
    }

    @Override
    protected void awaitCommitted(Cid cid) {
        // service.json batches CRDT commits (500 pins or 5 s).
        await(Duration.ofSeconds(90), () -> client.allocation(cid).isPresent(), "the pin of " + cid + " is committed");
    }

    @Override
    protected void awaitPinned(Cid cid) {
        await(Duration.ofSeconds(60), () -> client.status(cid).pinnedCount() == 3, "pinned on every peer: " + cid);
    }

    @Override
    protected void awaitRaised(Cid cid, int min) {
        await(Duration.ofSeconds(90), () -> client.allocation(cid).map(p -> p.replicationMin() == min).orElse(false),
                "the raised pin of " + cid + " is committed");
    }

    @org.junit.jupiter.api.Test
    void repinningWithRaisedFactorsUpdatesThePin() {
        RealCluster c = CLUSTER.cluster();
        repinningWithRaisedFactorsUpdatesThePin(Cid.parse(c.addBytes("us-1", ("raised " + Instant.now()).getBytes(StandardCharsets.UTF_8))));
    }

    private static void await(Duration timeout, BooleanSupplier done, String what) {
        CLUSTER.cluster().await(timeout, done, what);
    }
}
