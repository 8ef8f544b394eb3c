package me.grokme.pinning.ledger;

import java.util.Optional;
import java.util.function.Function;

/**
 * Whether a live mint still uses a pin request: the one rule the ledger (queuing content for release) and the pin
 * drain's release share.
 *
 * <p>A request is used while it has an active mint log ({@code activeLogs} other than a parent's marker, or any counted
 * one — counted keys may be mints), or while any parent document it was found through ({@code VIA#<cid>}, deep pinning)
 * is itself used. A parent that cannot be read, or a chain of parents deeper than {@link #MAX_PARENT_DEPTH}, counts as
 * used: the rule errs on keeping content.
 */
public final class LiveUse {

    /** Deep pinning follows references 3 levels down; one more for safety. */
    public static final int MAX_PARENT_DEPTH = 4;

    private LiveUse() {
    }

    public static boolean used(PinRequest request, Function<String, Optional<PinRequest>> parents) {
        return used(request, parents, 0);
    }

    private static boolean used(PinRequest p, Function<String, Optional<PinRequest>> parents, int depth) {
        if (p.moreActiveLogs() > 0) {
            return true;
        }
        for (String key : p.activeLogs()) {
            if (!key.startsWith(TableKeys.VIA_PREFIX) || depth >= MAX_PARENT_DEPTH) {
                return true;
            }
            Optional<PinRequest> parent = parents.apply(key.substring(TableKeys.VIA_PREFIX.length()));
            if (parent.isEmpty() || used(parent.get(), parents, depth + 1)) {
                return true;
            }
        }
        return false;
    }
}
