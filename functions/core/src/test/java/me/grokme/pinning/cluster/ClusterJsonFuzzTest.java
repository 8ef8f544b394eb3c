package me.grokme.pinning.cluster;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Mutated cluster answers: the reader returns a value or reports a shape/JSON problem; it never fails otherwise. */
class ClusterJsonFuzzTest {

    private static final JsonFactory JSON = new JsonFactory();

    @Provide
    Arbitrary<byte[]> bodies() {
        return Arbitraries.of("status-mixed.json", "status-pinned.json", "pin-post.json", "allocation.json", "id.json")
                .map(ClusterClientFixtureTest::fixture)
                .flatMap(body -> Arbitraries.integers().between(0, body.length() - 1).list().ofMinSize(1).ofMaxSize(4)
                        .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                            byte[] b = body.getBytes(StandardCharsets.UTF_8);
                            for (int i = 0; i < positions.size(); i++) {
                                b[positions.get(i)] = values.get(i);
                            }
                            return b;
                        })));
    }

    @Property
    void mutatedStatusAndPinBodiesAreParsedOrRejectedCleanly(@ForAll("bodies") byte[] body) throws IOException {
        for (int kind = 0; kind < 3; kind++) {
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() == null) {
                    continue;
                }
                switch (kind) {
                    case 0 -> ClusterJson.globalPinInfo(p);
                    case 1 -> ClusterJson.pin(p);
                    default -> ClusterJson.peer(p);
                }
            } catch (ClusterJson.BadShape | JsonProcessingException expected) {
                // the client turns these into ClusterProtocolException
            }
        }
    }
}
