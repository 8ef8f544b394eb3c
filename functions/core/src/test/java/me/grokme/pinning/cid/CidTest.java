package me.grokme.pinning.cid;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CidTest {

    private static JsonNode fixtures() throws IOException {
        try (InputStream in = CidTest.class.getResourceAsStream("/cid/cids.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static Stream<JsonNode> valid() throws IOException {
        return StreamSupport.stream(fixtures().get("valid").spliterator(), false);
    }

    static Stream<JsonNode> invalid() throws IOException {
        return StreamSupport.stream(fixtures().get("invalid").spliterator(), false);
    }

    @ParameterizedTest
    @MethodSource("valid")
    void everyMultibaseFormOfOneCidv1ParsesToTheSameValueAndPrintsAsLowercaseBase32(JsonNode v) {
        Cid expected = Cid.parse(v.get("v1_base32").asText());
        for (String field : new String[] {"v1_base32_upper", "v1_base58btc", "v1_base36", "v1_base16"}) {
            Cid other = Cid.parse(v.get(field).asText());
            assertEquals(expected, other, field);
            assertEquals(v.get("v1_base32").asText(), other.toString(), field);
        }
        assertEquals(1, expected.version());
        assertEquals(v.get("codec").asLong(), expected.codec());
        assertEquals(Cid.SHA2_256, expected.multihashCode());
        assertArrayEquals(HexFormat.of().parseHex(v.get("digest_hex").asText()), expected.digest());
        assertEquals(v.get("v1_base36").asText(), expected.toBase36());
    }

    @ParameterizedTest
    @MethodSource("valid")
    void cidv0KeepsItsFormAndConvertsToTheDagPbCidv1(JsonNode v) {
        if (!v.has("v0")) {
            return;
        }
        Cid v0 = Cid.parse(v.get("v0").asText());
        assertEquals(0, v0.version());
        assertEquals(Cid.DAG_PB, v0.codec());
        assertEquals(v.get("v0").asText(), v0.toString());
        assertEquals(v.get("v1_base32").asText(), v0.toCanonicalString());
        assertEquals(Cid.parse(v.get("v1_base32").asText()), v0.toV1());
        assertNotEquals(v0, v0.toV1(), "v0 and v1 are different pins to the cluster");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void malformedCidsAreRefusedWithAMessage(JsonNode v) {
        InvalidCidException e = assertThrows(InvalidCidException.class, () -> Cid.parse(v.get("input").asText()), v.get("why").asText());
        assertTrue(e.getMessage().length() > 10, e.getMessage());
    }

    @Test
    void theClassicDocumentationPairIsOneContent() throws IOException {
        JsonNode pair = fixtures().get("known_pair");
        Cid v0 = Cid.parse(pair.get("v0").asText());
        assertEquals(pair.get("v1").asText(), v0.toCanonicalString());
    }

    @Test
    void binaryRoundTripPreservesTheCid() throws IOException {
        for (JsonNode v : (Iterable<JsonNode>) valid()::iterator) {
            Cid cid = Cid.parse(v.get("v1_base58btc").asText());
            assertEquals(cid, Cid.fromBytes(cid.toBytes()));
            if (v.has("v0")) {
                Cid v0 = Cid.parse(v.get("v0").asText());
                assertEquals(v0, Cid.fromBytes(v0.toBytes()));
            }
        }
    }

    @Test
    void printedFormUsesOnlyUrlSafeAlphabetCharacters() throws IOException {
        for (JsonNode v : (Iterable<JsonNode>) valid()::iterator) {
            for (String field : new String[] {"v1_base36", "v0"}) {
                if (!v.has(field)) {
                    continue;
                }
                String printed = Cid.parse(v.get(field).asText()).toString();
                assertTrue(printed.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '1' && c <= '9')),
                        printed);
            }
        }
    }

    @Test
    void overlongInputIsRefusedBeforeDecoding() {
        String huge = "b" + "a".repeat(10_000);
        InvalidCidException e = assertThrows(InvalidCidException.class, () -> Cid.parse(huge));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        assertTrue(e.getMessage().length() < 300, "message quotes a truncated copy");
    }

    @Test
    void declaredDigestLengthMustMatchTheBytesPresent() {
        // CIDv1 raw sha2-256 declaring 32 bytes but carrying 31.
        byte[] bytes = new byte[4 + 31];
        bytes[0] = 1;
        bytes[1] = 0x55;
        bytes[2] = 0x12;
        bytes[3] = 32;
        InvalidCidException e = assertThrows(InvalidCidException.class, () -> Cid.fromBytes(bytes));
        assertTrue(e.getMessage().contains("declares 32"), e.getMessage());
    }

    @Test
    void nonMinimalVarintIsRefused() {
        byte[] bytes = {1, (byte) 0xd5, 0x00, 0x12, 0x01, 0x00};
        assertThrows(InvalidCidException.class, () -> Cid.fromBytes(bytes));
    }

    @Test
    void errorMessagesNeverEchoControlCharacters() {
        InvalidCidException e = assertThrows(InvalidCidException.class, () -> Cid.parse("b\u0000\n<script>"));
        assertTrue(e.getMessage().chars().allMatch(c -> c >= 0x20 && c < 0x7f || c == '…'), e.getMessage());
    }
}
