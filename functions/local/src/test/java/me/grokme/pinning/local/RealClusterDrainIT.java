package me.grokme.pinning.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.devcluster.ClusterBinaries;
import me.grokme.pinning.devcluster.RealCluster;
import me.grokme.pinning.drain.DrainReport;
import me.grokme.pinning.drain.PinDrain;
import me.grokme.pinning.webhook.Deliveries;
import org.junit.jupiter.api.Test;

/**
 * On the real 3-peer cluster: 50 mints delivered while every cluster daemon is stopped are accepted and left pending;
 * the drain finds the cluster unreachable and changes nothing; once the daemons are back, one drain sends all 50 and
 * the cluster pins each on all three peers.
 */
class RealClusterDrainIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void mintsDeferredWhileTheClusterIsStoppedArePinnedOnEveryPeerByTheDrainAfterItsReturn() throws Exception {
        assumeTrue(ClusterBinaries.find().isPresent() || ClusterBinaries.required(), ClusterBinaries.missing());
        try (LocalSystem system = LocalSystem.start(new LocalSystem.Options(0, 0, 3, Duration.ZERO, Duration.ZERO, Map.of(
                "LOCAL_REAL_CLUSTER", "true", "LOCAL_REAL_CLUSTER_DIR", "target/real-cluster/" + getClass().getSimpleName(),
                "LOCAL_DRAIN_EVERY", "0")))) {
            RealCluster cluster = system.realCluster().orElseThrow();
            List<byte[]> contents = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                contents.add(("deferred by an outage " + i + " " + System.nanoTime()).getBytes(StandardCharsets.UTF_8));
            }
            List<String> cids = cluster.addEach("us-1", contents);

            cluster.stopClusterDaemons();
            for (int i = 0; i < cids.size(); i += 10) {
                assertEquals(202, deliver(system, cids.subList(i, i + 10), i + 1).statusCode(), "recorded, pins left pending");
            }
            assertEquals(50L, system.ledgerCounts().get("pin_pending"));
            assertInstanceOf(DrainReport.ClusterDown.class, system.drain().run("down", PinDrain.Mode.DUE, Duration.ofSeconds(40)));
            assertEquals(50L, system.ledgerCounts().get("pin_pending"), "nothing lost, nothing moved");

            cluster.startClusterDaemons();
            DrainReport.Drained r = assertInstanceOf(DrainReport.Drained.class, system.drain().run("back", PinDrain.Mode.DUE, Duration.ofSeconds(40)));
            assertEquals(50, r.count("submitted"), r.toString());
            assertEquals(Map.of("log_accepted", 50L, "pin_submitted", 50L), system.ledgerCounts());
            for (String cid : cids) {
                cluster.await(Duration.ofSeconds(120), () -> cluster.pinnedPeers(cid).size() == 3, cid + " pinned on 3 peers");
            }
        }
    }

    private HttpResponse<String> deliver(LocalSystem system, List<String> cids, int firstToken) throws Exception {
        List<Deliveries.Mint> mints = new ArrayList<>();
        for (int i = 0; i < cids.size(); i++) {
            int token = firstToken + i;
            mints.add(new Deliveries.Mint(Deliveries.CONTRACT, token, "ipfs://" + cids.get(i), Deliveries.tx(token), 0, 21_000_000 + token, false));
        }
        String body = Deliveries.body("alchemy", mints);
        HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        Deliveries.signedHeaders("alchemy", body, System.currentTimeMillis() / 1000).forEach(post::header);
        return http.send(post.build(), HttpResponse.BodyHandlers.ofString());
    }
}
