package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every wording the range refusal recognised as a regular expression, now as a linear scan; and what it is not. */
class RangeRefusalTest {

    @ParameterizedTest
    @ValueSource(strings = {"Block range too large", "range is too wide", "Range too big", "eth_getLogs is limited to a 10,000 range",
        "requests are limited to 2000 blocks; reduce the range", "exceed maximum block range: 50000", "exceeds the max range", "exceeded range",
        "EXCEEDS THE BLOCK RANGE", "Log response size exceeded.", "response size is larger than 150MB", "query returned more than 10000 results",
        "more than 5000 logs", "too many blocks requested", "too many logs", "Too Many Results", "query timeout exceeded", "range limit hit",
        "max range is 1000", "maximum range exceeded"})
    void everyKnownWordingIsARefusal(String message) {
        assertTrue(RangeRefusal.refuses(message), message);
    }

    @ParameterizedTest
    @ValueSource(strings = {"header not found", "execution reverted", "limited to 5 requests per second", "limited to 5\nper range",
        "more than results", "more than 12 apples", "exceed", "rangelimit", "", "[0x10, 0x2f]"})
    void otherMessagesAreNot(String message) {
        assertFalse(RangeRefusal.refuses(message), message);
    }

    @Test
    void theSuggestedEndIsTheFirstWellFormedPairInsideTheAskedRange() {
        assertEquals(OptionalLong.of(47), RangeRefusal.suggestedEnd("this block range should work: [0x10, 0x2f]", 16, 100));
        assertEquals(OptionalLong.of(31), RangeRefusal.suggestedEnd("[oops] [0x, 0x1] [ 0x10 ,\t0x1f ] [0x10, 0x20]", 16, 100));
        assertEquals(OptionalLong.of(31), RangeRefusal.suggestedEnd("[0x0000000000000000010, 0x000000000000000000001f]", 16, 100));
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[0x10, 0xffff]", 16, 100), "outside the asked range");
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[0x10, 0x" + "f".repeat(40) + "]", 16, 100), "beyond a long");
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[0X10, 0X1F]", 16, 100), "0x is lower case, as nodes write it");
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[0x10, 0x1f", 16, 100));
    }

    /**
     * A 220 kB message built to defeat the former regular expression (its "limited to .*range" rescanned the rest of
     * the message at each of these 20,000 "limited to"s: seconds to minutes). It is judged the same as before:
     * a refusal only when the wording is there, with the hint found at the end.
     */
    @Test
    void aLongHostileMessageIsJudgedByItsWordsAndItsHintIsFound() {
        String hostile = "limited to ".repeat(20_000);
        assertTrue(hostile.length() >= 220_000);
        assertFalse(RangeRefusal.refuses(hostile));
        String refusal = hostile + "\nthis block range should work: [0x10, 0x2f]";
        assertTrue(RangeRefusal.refuses(refusal));
        assertEquals(OptionalLong.of(47), RangeRefusal.suggestedEnd(refusal, 16, 100));
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[0x" + "1".repeat(220_000), 16, 100));
        assertEquals(OptionalLong.empty(), RangeRefusal.suggestedEnd("[ ".repeat(110_000), 16, 100));
        assertFalse(RangeRefusal.refuses("more than ".repeat(22_000)));
    }
}
