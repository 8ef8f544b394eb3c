package me.grokme.pinning.clustersim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import me.grokme.pinning.cid.Multibase;

/** One simulated cluster peer (ipfs-cluster-service + kubo). Mutable state is guarded by the model's lock. */
final class SimPeer {

    final int index;
    final String id;
    final String name;
    final String region;
    final String ipfsId;
    final String address;
    final long capacityBytes;
    long allocatedPins;
    boolean up = true;
    Instant downSince = Instant.EPOCH;
    boolean expiryHandled;
    boolean repinHandled;

    SimPeer(int index, SimulatorConfig.SimPeerSpec spec) {
        this.index = index;
        this.name = spec.name();
        this.region = spec.region();
        this.capacityBytes = spec.freeSpaceBytes();
        this.id = peerId("cluster:" + spec.name());
        this.ipfsId = peerId("ipfs:" + spec.name());
        // TEST-NET-1 addresses: realistic multiaddrs that route nowhere.
        this.address = "/ip4/192.0.2." + (index % 250 + 1);
    }

    /** A deterministic libp2p ed25519 peer id ({@code 12D3KooW…}): identity multihash of a protobuf public key. */
    static String peerId(String seed) {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            byte[] id = new byte[6 + 32];
            id[0] = 0x00;
            id[1] = 0x24;
            id[2] = 0x08;
            id[3] = 0x01;
            id[4] = 0x12;
            id[5] = 0x20;
            System.arraycopy(key, 0, id, 6, 32);
            return Multibase.encodeBase58(id);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    long freeSpace(long contentSize) {
        return Math.max(0, capacityBytes - allocatedPins * contentSize);
    }
}
