package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;

/** Strict JSON reading for deliveries, with field-naming error messages. */
final class Json {

    private static final int MAX_DEPTH = 64;
    private static final int MAX_NUMBER_LENGTH = 100;
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).maxNumberLength(MAX_NUMBER_LENGTH).build())
            .build());

    private Json() {
    }

    /**
     * The body's one JSON value. Anything but whitespace after it is refused: a sender that appends to a
     * signed body is not sending a delivery. Errors say what is wrong and where, in our words; Jackson's own
     * text (class names, "Source: … line, column") goes only to the log, through {@link MalformedDeliveryException#detail()}.
     */
    static JsonNode read(byte[] body) {
        try (JsonParser parser = MAPPER.createParser(body)) {
            JsonNode n;
            try {
                n = MAPPER.readTree(parser);
            } catch (JsonProcessingException e) {
                throw invalid(e, problem(e));
            }
            if (n == null || n.isMissingNode()) {
                throw new MalformedDeliveryException("body is empty");
            }
            JsonToken after;
            try {
                after = parser.nextToken();
            } catch (JsonProcessingException e) {
                throw invalid(e, "unexpected content after the JSON value");
            }
            if (after != null) {
                throw new MalformedDeliveryException("body is not valid JSON: unexpected content after the JSON value, at byte "
                        + parser.currentTokenLocation().getByteOffset(), "trailing token " + after);
            }
            return n;
        } catch (IOException e) {
            throw new MalformedDeliveryException("body is not valid JSON: it could not be read as UTF-8 text", e.toString());
        }
    }

    private static String problem(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "it ends before the JSON value is complete";
        }
        if (e instanceof StreamConstraintsException) {
            return "it nests deeper than " + MAX_DEPTH + " levels or has a number longer than " + MAX_NUMBER_LENGTH + " digits";
        }
        return "unexpected character";
    }

    private static MalformedDeliveryException invalid(JsonProcessingException e, String problem) {
        JsonLocation at = e.getLocation();
        String where = at == null || at.getByteOffset() < 0 ? "" : ", at byte " + at.getByteOffset();
        return new MalformedDeliveryException("body is not valid JSON: " + problem + where, e.getClass().getSimpleName() + ": " + e.getOriginalMessage());
    }

    static String text(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new MalformedDeliveryException(path + " is missing");
        }
        if (!node.isTextual()) {
            throw new MalformedDeliveryException(path + " is not a string");
        }
        return node.asText();
    }

    static String optionalText(JsonNode node) {
        return node == null || node.isNull() || !node.isTextual() ? "" : node.asText();
    }

    /** A JSON number, a decimal string or a 0x-hex quantity, as providers variously send them. */
    static long quantity(JsonNode node, String path) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            throw new MalformedDeliveryException(path + " is missing");
        }
        try {
            if (node.isIntegralNumber() && node.canConvertToLong()) {
                return node.asLong();
            }
            if (node.isTextual()) {
                String s = node.asText().strip();
                BigInteger v = s.startsWith("0x") || s.startsWith("0X") ? new BigInteger(s.substring(2), 16) : new BigInteger(s);
                if (v.signum() < 0 || v.bitLength() > 62) {
                    throw new NumberFormatException();
                }
                return v.longValueExact();
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // fall through to the error below
        }
        throw new MalformedDeliveryException(path + " is not a quantity: " + ChainLog.shorten(node.toString()));
    }

    static JsonNode array(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw new MalformedDeliveryException(path + " is not an array");
        }
        return node;
    }
}
