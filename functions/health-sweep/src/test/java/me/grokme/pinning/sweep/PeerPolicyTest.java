package me.grokme.pinning.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PeerPolicyTest {

    private static final String ID = "12D3KooWKQ9mQwkzZpFPn5jT8SasdqP91E2QtmShLZwDmMcWNyPe";

    @Test
    void aPeerWithoutANameIsShownByAStableStandInThatIsNotItsId() {
        String name = PeerPolicy.displayName("", ID);
        assertTrue(name.matches("unnamed-[0-9a-f]{6}"), name);
        assertFalse(name.contains("KooW") || ID.contains(name.substring(8)), "nothing of the peer id is served: " + name);
        assertEquals(name, PeerPolicy.displayName(null, ID), "the same every sweep");
        assertNotEquals(name, PeerPolicy.displayName("", "12D3KooWNuHsQQDyiME2aVRpJs2owq1RTySga64ykQzAzBrwhkmQ"));
        assertEquals("grokme-eu-01", PeerPolicy.displayName("grokme-eu-01", ID));
    }
}
