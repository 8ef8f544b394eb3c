package me.grokme.pinning.local;

import java.util.Optional;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.devcluster.RealCluster;

/**
 * How the local functions reach the cluster that backs a local system: the simulator or a real cluster.
 *
 * @param url           the REST API the functions call
 * @param credentials   {@code CLUSTER_CREDENTIALS} for them ({@code plain:user:password}), when the API wants any
 * @param contentSource deep pinning's {@code CONTENT_SOURCE}: the simulator's kubo RPC, or a real peer's read-only gateway
 * @param peers         how many peers the cluster has
 */
public record ClusterEndpoint(String url, Optional<String> credentials, String contentSource, int peers) {

    static ClusterEndpoint of(ClusterSimulator sim) {
        return new ClusterEndpoint(sim.baseUrl().toString(), Optional.empty(), "ipfs-api:" + sim.baseUrl(), sim.config().peers().size());
    }

    static ClusterEndpoint of(RealCluster real) {
        RealCluster.Peer first = real.peers().get(0);
        return new ClusterEndpoint(first.apiUrl().toString(), Optional.of("plain:" + real.user() + ":" + real.password()),
                "gateway:" + first.gatewayUrl(), real.peers().size());
    }
}
