package me.grokme.pinning.ledger;

/**
 * How deep pinning of a token's metadata ended. The wire name is stored in the token link's {@code deep} attribute
 * (beside {@code PENDING} while it waits), so it is fixed here, never derived from the constant's name or position.
 */
public enum DeepPinResult {
    /** The metadata was read and every reference it leads to recorded. */
    DONE("DONE"),
    /** The metadata could not be read (too large, a missing file, attempts used up). */
    FAILED("FAILED"),
    /** Nothing to read: not metadata, a directory, or its own pin request failed or was reorged away. */
    SKIPPED("SKIPPED");

    private final String wire;

    DeepPinResult(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }
}
