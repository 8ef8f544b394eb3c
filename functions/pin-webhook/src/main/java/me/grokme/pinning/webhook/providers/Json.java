package me.grokme.pinning.webhook.providers;

import me.grokme.pinning.chain.ChainLog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;

/** Strict JSON reading for deliveries, with field-naming error messages. */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).maxNumberLength(100).build())
            .build());

    private Json() {
    }

    static JsonNode read(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) {
                throw new MalformedDeliveryException("body is empty");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new MalformedDeliveryException("body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MalformedDeliveryException("body could not be read");
        }
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
