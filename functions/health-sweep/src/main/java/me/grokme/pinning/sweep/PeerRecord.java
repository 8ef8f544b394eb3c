package me.grokme.pinning.sweep;

import java.time.Instant;

/**
 * What one sweep stores about a peer for the next (in {@code PEERS/ALL}, keyed by the peer's id): enough to
 * show it while it does not answer and to notice its transitions.
 */
record PeerRecord(String name, String region, PeerStatus status, Instant lastSeen) {

    /** The stored form, {@code name|region|status|lastSeenMillis}, as sweeps have always written it. */
    String encode() {
        return name + "|" + region + "|" + status.wire() + "|" + lastSeen.toEpochMilli();
    }

    static PeerRecord decode(String stored) {
        String[] f = stored.split("\\|", -1);
        if (f.length != 4) {
            throw new IllegalArgumentException("a stored peer has 4 fields: " + stored);
        }
        return new PeerRecord(f[0], f[1], PeerStatus.ofWire(f[2]), Instant.ofEpochMilli(Long.parseLong(f[3])));
    }
}
