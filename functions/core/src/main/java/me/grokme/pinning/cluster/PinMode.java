package me.grokme.pinning.cluster;

/** Pin {@code mode}; the cluster treats anything but {@code direct} as recursive. */
public enum PinMode {
    RECURSIVE("recursive"),
    DIRECT("direct");

    private final String wire;

    PinMode(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static PinMode fromWire(String wire) {
        return "direct".equals(wire) ? DIRECT : RECURSIVE;
    }
}
