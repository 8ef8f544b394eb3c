package me.grokme.pinning.sweep;

/** A peer as the sweep judges it by its ping and free space (never by the absence of errors). */
public enum PeerStatus {
    /** Its ping is live and it has free space. */
    UP("up"),
    /** Its ping is live but it reports no free space: it cannot take new pins. */
    DEGRADED("degraded"),
    /** Its ping expired (or was never seen this sweep): in a CRDT cluster a dead peer simply vanishes. */
    DOWN("down");

    private final String wire;

    PeerStatus(String wire) {
        this.wire = wire;
    }

    /** The stored and published name. */
    public String wire() {
        return wire;
    }

    /** The status stored as {@code wire}; {@link IllegalArgumentException} for an unknown one. */
    public static PeerStatus ofWire(String wire) {
        for (PeerStatus s : values()) {
            if (s.wire.equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown peer status: " + wire);
    }
}
