package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The spellings stored in the table (and published from it) stay as they were when the values became enums: items
 * written before a rename must still read the same, so a constant can be renamed or reordered, its wire name not.
 */
class WireNamesTest {

    private static <E extends Enum<E>> Map<String, String> wires(E[] values, Function<E, String> wire) {
        Map<String, String> m = new TreeMap<>();
        Arrays.stream(values).forEach(v -> m.put(v.name(), wire.apply(v)));
        return m;
    }

    @Test
    void pinOperationKindsKeepTheirStoredSpelling() {
        assertEquals(new TreeMap<>(Map.of("SUBMIT", "submit", "RESUBMIT", "resubmit", "RECOVER", "recover", "REPIN", "repin",
                "REBALANCE", "rebalance", "REPAIR", "repair", "CANCEL", "cancel", "REQUEUE", "requeue", "UNPIN", "unpin")),
                wires(PinOperation.Kind.values(), PinOperation.Kind::wire));
    }

    @Test
    void pinOperationResultsKeepTheirStoredSpelling() {
        assertEquals(new TreeMap<>(Map.of("OK", "ok", "FAILED", "failed", "DUPLICATE", "duplicate", "DEFERRED", "deferred",
                "DEAD_LETTER", "dead_letter", "REFUSED", "refused", "ORPHANED", "orphaned", "RELEASED", "released")),
                wires(PinOperation.Result.values(), PinOperation.Result::wire));
    }

    @Test
    void deepPinResultsKeepTheirStoredSpelling() {
        assertEquals(new TreeMap<>(Map.of("DONE", "DONE", "FAILED", "FAILED", "SKIPPED", "SKIPPED")),
                wires(DeepPinResult.values(), DeepPinResult::wire));
    }
}
