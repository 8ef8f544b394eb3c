package me.grokme.pinning.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.ledger.PinRequest;
import me.grokme.pinning.ledger.PinState;
import me.grokme.pinning.ledger.ReleaseCandidate;
import org.junit.jupiter.api.Test;

/** The release rule on requests as the ledger holds them: no cluster, no table. */
class ReleaseRuleTest {

    private static final Instant SINCE = Instant.parse("2026-12-01T00:00:00Z");
    private final Map<String, PinRequest> ledger = new HashMap<>();

    private static PinRequest request(String cid, PinState state, Set<String> activeLogs, int moreActiveLogs, Optional<Instant> unusedSince,
            String release) {
        return new PinRequest(cid, state, Set.of("1"), 0, "genesis", 3, 5, SINCE.minusSeconds(3600), Optional.empty(), 0, 0, "",
                SINCE, activeLogs, moreActiveLogs, "genesis-1", Map.of(), Set.of("genesis"), Set.of(), unusedSince, release, Optional.empty());
    }

    private static PinRequest unused(String cid, Set<String> activeLogs) {
        return request(cid, PinState.PINNED, activeLogs, 0, Optional.of(SINCE), "");
    }

    private ReleaseRule.Decision decide(PinRequest p) {
        ledger.put(p.cid(), p);
        return ReleaseRule.decide(new ReleaseCandidate(p.cid(), SINCE), Optional.of(p), cid -> Optional.ofNullable(ledger.get(cid)));
    }

    @Test
    void contentWithNoLiveMintIsReleased() {
        assertEquals(ReleaseRule.Decision.RELEASE, decide(unused("x", Set.of())));
    }

    @Test
    void aLiveLogOrACountedOneKeepsIt() {
        assertEquals(ReleaseRule.Decision.USED, decide(unused("x", Set.of("LOG#1#0x00#0"))));
        assertEquals(ReleaseRule.Decision.USED, decide(request("x", PinState.PINNED, Set.of(), 1, Optional.of(SINCE), "")),
                "a counted key may be a live mint");
    }

    @Test
    void aReferencedCidFollowsItsParents() {
        ledger.put("meta-orphaned", unused("meta-orphaned", Set.of()));
        ledger.put("meta-live", request("meta-live", PinState.PINNED, Set.of("LOG#1#0x01#0"), 0, Optional.empty(), ""));
        assertEquals(ReleaseRule.Decision.RELEASE, decide(unused("image", Set.of("VIA#meta-orphaned"))));
        assertEquals(ReleaseRule.Decision.USED, decide(unused("image", Set.of("VIA#meta-orphaned", "VIA#meta-live"))),
                "another token's live metadata still references it");
        assertEquals(ReleaseRule.Decision.USED, decide(unused("image", Set.of("VIA#meta-unknown"))), "a parent that cannot be read keeps it");
    }

    @Test
    void parentsAreFollowedUpTheChainButNotForever() {
        ledger.put("root", request("root", PinState.PINNED, Set.of("LOG#1#0x01#0"), 0, Optional.empty(), ""));
        ledger.put("doc", unused("doc", Set.of("VIA#root")));
        assertEquals(ReleaseRule.Decision.USED, decide(unused("leaf", Set.of("VIA#doc"))), "live two levels up");
        ledger.put("a", unused("a", Set.of("VIA#b")));
        ledger.put("b", unused("b", Set.of("VIA#a")));
        assertEquals(ReleaseRule.Decision.USED, decide(unused("c", Set.of("VIA#a"))), "a cycle counts as used rather than looping");
    }

    @Test
    void anEntryThatNoLongerDescribesTheRequestIsStale() {
        assertEquals(ReleaseRule.Decision.STALE, ReleaseRule.decide(new ReleaseCandidate("x", SINCE), Optional.empty(), c -> Optional.empty()));
        assertEquals(ReleaseRule.Decision.STALE, decide(request("x", PinState.PINNED, Set.of(), 0, Optional.empty(), "")), "used again since");
        assertEquals(ReleaseRule.Decision.STALE, decide(request("x", PinState.PINNED, Set.of(), 0, Optional.of(SINCE.plusSeconds(60)), "")),
                "unused anew later: that later entry decides");
        assertEquals(ReleaseRule.Decision.STALE, decide(request("x", PinState.ORPHANED, Set.of(), 0, Optional.of(SINCE), PinRequest.RELEASED)));
    }

    @Test
    void anUnpinThatDidNotCompleteIsSentAgain() {
        assertEquals(ReleaseRule.Decision.RELEASE, decide(request("x", PinState.ORPHANED, Set.of(), 0, Optional.of(SINCE), PinRequest.UNPINNING)));
    }
}
