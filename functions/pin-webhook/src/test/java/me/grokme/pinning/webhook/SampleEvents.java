package me.grokme.pinning.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the signed sample deliveries in events/ (one per provider) with the documented test secrets.
 * Run from the repository root: the test classpath's {@code SampleEvents.main(["events"])}.
 */
public final class SampleEvents {

    static final String URI = "ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u";
    static final List<String> PROVIDERS = Deliveries.providers().toList();

    private SampleEvents() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "events");
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        for (String provider : PROVIDERS) {
            String body = Deliveries.body(provider, List.of(Deliveries.Mint.of(42, URI)));
            Map<String, String> headers = Deliveries.signedHeaders(provider, body, Deliveries.SAMPLE_TIMESTAMP);
            ObjectNode event = json.valueToTree(Deliveries.event(provider, headers, body));
            Files.writeString(dir.resolve("webhook-" + provider + ".json"), json.writeValueAsString(event) + "\n");
            for (Map.Entry<String, List<Deliveries.RawLog>> sample : TOKEN_EVENTS.entrySet()) {
                String b = Deliveries.body(provider, sample.getValue());
                ObjectNode e = json.valueToTree(Deliveries.event(provider, Deliveries.signedHeaders(provider, b, Deliveries.SAMPLE_TIMESTAMP), b));
                Files.writeString(dir.resolve("webhook-" + provider + "-" + sample.getKey() + ".json"), json.writeValueAsString(e) + "\n");
            }
        }
    }

    /**
     * The token range samples: ERC-4906 {@code MetadataUpdate(42)} and {@code BatchMetadataUpdate(1, 100)} in one
     * delivery, and an ERC-2309 {@code ConsecutiveTransfer} minting tokens 1…10,000.
     */
    static final Map<String, List<Deliveries.RawLog>> TOKEN_EVENTS = new java.util.LinkedHashMap<>(Map.of(
            "metadata-update", List.of(Deliveries.RawLog.metadataUpdate(42, 5), Deliveries.RawLog.batchMetadataUpdate(1, 100, 6)),
            "consecutive-transfer", List.of(Deliveries.RawLog.consecutiveMint(1, 10_000, 2))));

    /** Reads a sample back as the handler receives it. */
    static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent read(Path file) throws IOException {
        return new ObjectMapper().configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .readValue(file.toFile(), com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class);
    }
}
