package me.grokme.pinning.sweep;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.PinInfoShort;

/**
 * Which peers are GROKME's and how long a silent one is remembered.
 *
 * <p>Only trusted peers (the cluster's {@code TRUSTED_PEERS}) hold GROKME's replicas: a peer that is not trusted but
 * reports to the cluster (someone holding the secret) is neither listed, nor counted as a replica, nor as down.
 * With no trusted set configured every peer counts, as before. A peer unseen for longer than the retention
 * (removed or re-keyed) is forgotten, so it does not stay "down" forever.
 */
public record PeerPolicy(Set<String> trustedPeers, Duration retention) {

    public PeerPolicy {
        trustedPeers = Set.copyOf(trustedPeers);
    }

    public boolean ours(String peerId) {
        return trustedPeers.isEmpty() || trustedPeers.contains(peerId);
    }

    public boolean retired(Instant lastSeen, Instant now) {
        return lastSeen.plus(retention).isBefore(now);
    }

    /** The pin's per-peer statuses from our peers only (the same object when all are ours). */
    public GlobalPinInfo onlyOurs(GlobalPinInfo g) {
        if (trustedPeers.isEmpty() || trustedPeers.containsAll(g.peerMap().keySet())) {
            return g;
        }
        Map<String, PinInfoShort> ours = g.peerMap().entrySet().stream().filter(e -> ours(e.getKey()))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, java.util.LinkedHashMap::new));
        return new GlobalPinInfo(g.cid(), g.name(), g.allocations(), g.origins(), g.created(), g.metadata(), ours);
    }

    /**
     * A peer's public name: its peername, or for a peer without one a stable stand-in that is not its peer id
     * (the status page never serves peer ids).
     */
    public static String displayName(String peerName, String peerId) {
        if (peerName != null && !peerName.isBlank()) {
            return peerName;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(peerId.getBytes(StandardCharsets.UTF_8));
            return "unnamed-" + HexFormat.of().formatHex(digest, 0, 3);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
