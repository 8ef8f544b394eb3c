package me.grokme.pinning.devcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shipped cluster files boot a real 3-peer cluster: service.json as it is in infrastructure/ipfs-cluster, the
 * secrets and identities gen-secrets.py writes, and only the compose file's per-peer variables.
 */
class RealClusterBootIT {

    @RegisterExtension
    static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions();

    @Test
    void everyPeerSeesTheOthersWithItsOwnGeneratedIdentity() {
        RealCluster c = CLUSTER.cluster();
        for (RealCluster.Peer p : c.peers()) {
            JsonNode id = c.get(p, "/id").orElseThrow();
            assertEquals(p.clusterId(), id.path("id").asText(), "the identity gen-secrets.py wrote for " + p.region());
            assertEquals(p.name(), id.path("peername").asText());
            assertEquals(3, id.path("cluster_peers").size());
            assertTrue(id.path("error").asText().isEmpty(), id.toString());
            assertTrue(id.path("ipfs").path("error").asText().isEmpty(), "its kubo is connected: " + id.path("ipfs"));
        }
    }

    @Test
    void eachPeerAnnouncesItsRegionTagForTheAllocator() {
        RealCluster c = CLUSTER.cluster();
        Set<String> regions = new HashSet<>();
        c.get(c.peers().get(1), "/monitor/metrics/tag:region").orElseThrow().forEach(m -> regions.add(m.path("value").asText()));
        assertEquals(Set.of("eu", "us", "asia"), regions);
    }

    @Test
    void theRestApiTakesTheGeneratedCredentialsAndRefusesOthers() throws IOException, InterruptedException {
        RealCluster.Peer p = CLUSTER.cluster().peers().get(0);
        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(p.apiUrl().resolve("/id")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode(), "the placeholder user of service.json was replaced by the variable's");
        assertTrue(CLUSTER.cluster().get(p, "/id").isPresent());
    }

    @Test
    void onlyTheGeneratedPeersAreTrusted() {
        RealCluster c = CLUSTER.cluster();
        // The CRDT's trusted peers come from CLUSTER_CRDT_TRUSTEDPEERS; /peers lists who is in the cluster.
        Set<String> ids = new HashSet<>();
        c.peers().forEach(p -> ids.add(p.clusterId()));
        JsonNode id = c.get(c.peers().get(2), "/id").orElseThrow();
        Set<String> seen = new HashSet<>();
        id.path("cluster_peers").forEach(x -> seen.add(x.asText()));
        assertEquals(ids, seen);
        assertFalse(ids.contains(""));
    }

}
