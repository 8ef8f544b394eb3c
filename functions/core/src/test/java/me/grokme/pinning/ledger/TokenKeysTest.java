package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenKeysTest {

    private final TokenKeys keys = new TokenKeys("genesis");

    @Test
    void theLegacyCapsuleKeepsItsPartitionsAndEveryOtherCapsuleHasItsOwn() {
        assertEquals("TOKEN#1", keys.partitionKey("genesis", "1"));
        assertEquals("TOKEN#frames#1", keys.partitionKey("frames", "1"));
        assertNotEquals(keys.partitionKey("genesis", "1"), keys.partitionKey("frames", "1"));
        // A capsule whose name is digits cannot reach a legacy partition either: it has a second '#'.
        assertEquals("TOKEN#7#1", keys.partitionKey("7", "1"));
        assertNotEquals(keys.partitionKey("7", "1"), keys.partitionKey("genesis", "71"));
    }

    @Test
    void aPartitionKeyReadsBackAsItsToken() {
        for (TokenRef t : new TokenRef[] {new TokenRef("genesis", "1"), new TokenRef("frames", "42"), new TokenRef("a-b-9", "0")}) {
            assertEquals(Optional.of(t), keys.parse(keys.partitionKey(t)));
        }
        assertEquals(Optional.of(new TokenRef("genesis", "5")), keys.parse("TOKEN#5"), "an item written before capsules");
        assertTrue(keys.parse("CID#bafy").isEmpty());
    }
}
