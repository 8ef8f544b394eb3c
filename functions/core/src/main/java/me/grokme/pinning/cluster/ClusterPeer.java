package me.grokme.pinning.cluster;

import java.util.List;

/**
 * A cluster peer's ID object ({@code GET /id}, {@code GET /peers} items). A peer that failed to answer
 * inside {@code GET /peers} has only {@code id} and {@code error} set.
 */
public record ClusterPeer(
        String id,
        List<String> addresses,
        List<String> clusterPeers,
        List<String> clusterPeersAddresses,
        String version,
        String commit,
        String rpcProtocolVersion,
        String error,
        IpfsId ipfs,
        String peername) {

    public ClusterPeer {
        addresses = List.copyOf(addresses);
        clusterPeers = List.copyOf(clusterPeers);
        clusterPeersAddresses = List.copyOf(clusterPeersAddresses);
    }

    /** True when the peer answered without an error and its IPFS daemon is reachable. */
    public boolean healthy() {
        return error.isEmpty() && ipfs.error().isEmpty();
    }

    /** The peer's IPFS daemon as the cluster peer sees it. */
    public record IpfsId(String id, List<String> addresses, String error) {
        public IpfsId {
            addresses = List.copyOf(addresses);
        }
    }
}
