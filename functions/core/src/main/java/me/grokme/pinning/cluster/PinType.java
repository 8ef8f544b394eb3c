package me.grokme.pinning.cluster;

/** Pin {@code type} as a string since cluster 1.0; unknown strings map to {@link #UNKNOWN}. */
public enum PinType {
    PIN("pin"),
    META_PIN("meta-pin"),
    CLUSTERDAG_PIN("clusterdag-pin"),
    SHARD_PIN("shard-pin"),
    UNKNOWN("unknown");

    private final String wire;

    PinType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PinType fromWire(String wire) {
        for (PinType t : values()) {
            if (t.wire.equals(wire)) {
                return t;
            }
        }
        return UNKNOWN;
    }
}
