package me.grokme.pinning.cid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Hostile strings against the CID parser and the URI extractor: a typed refusal or a safe CID, nothing else. */
class CidFuzzTest {

    private static final String[] SEEDS = {"bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
        "QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR", "k2jmtxx1epa2wl096hsbpuhrz9xhppklonehzwkmskc9rmeb51kwn4ut",
        "zdj7Wkkhxcu2rsiN6GUyHCLsSLL47kdUNfjbFqBUUhMFTZKBi", "f01551220ba38e669ca210162e0deefd1e21418aaad3487e42b4eb186a6f861f9180bdcf3"};

    @Provide
    Arbitrary<String> candidates() {
        Arbitrary<String> mutated = Arbitraries.of(SEEDS).flatMap(seed -> Arbitraries.integers().between(0, seed.length() - 1)
                .flatMap(i -> Arbitraries.chars().ascii().map(c -> seed.substring(0, i) + c + seed.substring(i + 1))));
        Arbitrary<String> truncated = Arbitraries.of(SEEDS).flatMap(seed -> Arbitraries.integers().between(0, seed.length())
                .map(i -> seed.substring(0, i)));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(300);
        Arbitrary<String> alphabet = Arbitraries.strings().withChars("bBzZkKfFQm0123456789abcdefghijklmnopqrstuvwxyz./%:")
                .ofMaxLength(120);
        return Arbitraries.oneOf(mutated, truncated, random, alphabet);
    }

    @Property
    void parsingYieldsACidThatPrintsSafelyAndRoundTripsOrATypedRefusal(@ForAll("candidates") String text) {
        Cid cid;
        try {
            cid = Cid.parse(text);
        } catch (InvalidCidException refused) {
            assertTrue(refused.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '…'), "printable message");
            return;
        }
        String printed = cid.toString();
        assertTrue(printed.chars().allMatch(Character::isLetterOrDigit), printed);
        assertEquals(cid, Cid.parse(printed));
        assertEquals(cid, Cid.fromBytes(cid.toBytes()));
    }

    @Property
    void uriExtractionNeverThrowsAndOnlyYieldsParseableCids(@ForAll("candidates") String tail,
            @ForAll("prefixes") String prefix) {
        UriExtraction e = IpfsUris.extract(prefix + tail);
        if (e instanceof UriExtraction.Extracted x) {
            assertEquals(x.cid(), Cid.parse(x.cid().toString()));
            assertTrue(!x.path().contains("..") && !x.path().contains("\\"), x.path());
        }
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.of("", "ipfs://", "ipfs://ipfs/", "https://ipfs.io/ipfs/", "/ipfs/", "ipns://", "ar://", "data:",
                "https://", "http://x.ipfs.y/", "ipfs://../");
    }
}
