package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import me.grokme.pinning.cid.IpfsUris;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Metadata documents come from whoever minted: mutated, truncated and random documents are parsed or refused
 * as "not metadata", never with another exception, and what is found stays bounded and classifiable.
 */
class MetadataFuzzTest {

    private static final String SAMPLE = """
            {"name":"Genesis #7","image":"ipfs://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u",
             "animation_url":"https://bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u.ipfs.dweb.link/a.mp4",
             "properties":{"files":[{"uri":"ipfs://QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG/x.png"},{"src":"ar://abc"}]},
             "attributes":[{"trait_type":"t","value":"v"}]}""";

    @Provide
    Arbitrary<byte[]> documents() {
        byte[] base = SAMPLE.getBytes(StandardCharsets.UTF_8);
        Arbitrary<byte[]> mutated = Arbitraries.integers().between(0, base.length - 1).list().ofMinSize(1).ofMaxSize(6)
                .flatMap(positions -> Arbitraries.bytes().list().ofSize(positions.size()).map(values -> {
                    byte[] b = base.clone();
                    for (int i = 0; i < positions.size(); i++) {
                        b[positions.get(i)] = values.get(i);
                    }
                    return b;
                }));
        Arbitrary<byte[]> truncated = Arbitraries.integers().between(0, base.length).map(n -> java.util.Arrays.copyOf(base, n));
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(512);
        Arbitrary<byte[]> nested = Arbitraries.integers().between(0, 400).map(depth ->
                ("{\"a\":[".repeat(depth) + "{\"image\":\"ipfs://x\"}" + "]}".repeat(depth)).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(mutated, truncated, random, nested);
    }

    @Property
    void anyDocumentIsParsedOrRefusedCleanly(@ForAll("documents") byte[] document) {
        switch (MetadataReferences.parseDocument(document, 64)) {
            case MetadataReferences.Parsed.NotMetadata not -> assertTrue(!not.reason().isBlank());
            case MetadataReferences.Parsed.References refs -> {
                assertTrue(refs.references().size() <= 64);
                for (MetadataReferences.Reference r : refs.references()) {
                    assertTrue(!r.uri().isBlank() && !r.field().isEmpty());
                    IpfsUris.extract(r.uri()); // classifying what was found never throws either
                }
            }
        }
    }
}
