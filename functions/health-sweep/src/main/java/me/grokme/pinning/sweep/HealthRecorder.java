package me.grokme.pinning.sweep;

import java.time.Instant;
import me.grokme.pinning.ledger.Ledger;

/**
 * Writes what the status pass found changed: the CID's health record, its ledger request confirmed PINNED when it
 * became healthy, and a failure event when it entered or left {@code HEALTHY} or entered {@code ERRORED} (at most
 * {@link #MAX_CID_EVENTS} a sweep, so a cluster-wide outage cannot flood the event log).
 */
final class HealthRecorder implements StatusPass.Changes {

    static final int MAX_CID_EVENTS = 50;

    private final SweepStore store;
    private final Ledger ledger;
    private final Instant now;
    private int events;

    HealthRecorder(SweepStore store, Ledger ledger, Instant now) {
        this.store = store;
        this.ledger = ledger;
        this.now = now;
    }

    @Override
    public void changed(CidHealth c, int previous) {
        store.writeHealth(c, now);
        boolean healthy = c.state() == HealthState.HEALTHY;
        if (healthy) {
            ledger.markPinned(c.cid(), now);
        }
        boolean seenBefore = previous != Fingerprint.NONE;
        // A pin that errors before it was ever healthy (content no peer can fetch: it goes from pinning to
        // pin_error) is a failure too, not only a healthy CID that degrades.
        boolean enteredError = c.state() == HealthState.ERRORED && !Fingerprint.is(previous, HealthState.ERRORED);
        boolean healthChanged = seenBefore && Fingerprint.is(previous, HealthState.HEALTHY) != healthy;
        if ((healthChanged || enteredError) && events < MAX_CID_EVENTS) {
            events++;
            store.recordEvent(now, healthy ? "cid_recovered" : "cid_" + c.state().name().toLowerCase(), c.cid(),
                    c.pinned() + " pinned in " + c.regions().size() + " region(s)");
        }
    }

    @Override
    public void vanished(long count) {
        store.recordEvent(now, "cids_vanished", "pinset", count + " CID(s) seen last sweep are no longer in the pinset");
    }
}
