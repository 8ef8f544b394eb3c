package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataReferencesTest {

    private static MetadataReferences.Parsed parse(String json) {
        return MetadataReferences.parseMetadata(json.getBytes(StandardCharsets.UTF_8), 64);
    }

    @Test
    void findsTheStandardAndMarketplaceFieldsWithTheirPaths() {
        MetadataReferences.Parsed.References refs = assertInstanceOf(MetadataReferences.Parsed.References.class, parse("""
                {"name":"x","image":"ipfs://a","animation_url":"ipfs://b","external_url":"https://c",
                 "description":"ipfs://not-a-field-we-read",
                 "properties":{"files":[{"uri":"ipfs://d","type":"image/png"},{"src":"ipfs://e"}],"image":"ipfs://f"}}
                """));
        assertEquals(List.of(new MetadataReferences.Reference("image", "ipfs://a"), new MetadataReferences.Reference("animation_url", "ipfs://b"),
                new MetadataReferences.Reference("external_url", "https://c"),
                new MetadataReferences.Reference("properties.files[0].uri", "ipfs://d"),
                new MetadataReferences.Reference("properties.files[1].src", "ipfs://e"),
                new MetadataReferences.Reference("properties.image", "ipfs://f")), refs.references());
        assertTrue(!refs.truncated());
    }

    @Test
    void notJsonOrNotAnObjectIsNotMetadata() {
        assertInstanceOf(MetadataReferences.Parsed.NotMetadata.class, parse("\u0089PNG"));
        assertInstanceOf(MetadataReferences.Parsed.NotMetadata.class, parse("[\"ipfs://a\"]"));
        assertInstanceOf(MetadataReferences.Parsed.NotMetadata.class, parse("\"image\""));
    }

    @Test
    void aFurtherDocumentMayBeAnArrayButNotAScalar() {
        MetadataReferences.Parsed.References refs = assertInstanceOf(MetadataReferences.Parsed.References.class,
                MetadataReferences.parseDocument("[{\"uri\":\"a.png\"},{\"src\":\"ipfs://b\"}]".getBytes(StandardCharsets.UTF_8), 64));
        assertEquals(List.of(new MetadataReferences.Reference("[0].uri", "a.png"), new MetadataReferences.Reference("[1].src", "ipfs://b")),
                refs.references());
        assertInstanceOf(MetadataReferences.Parsed.NotMetadata.class,
                MetadataReferences.parseDocument("42".getBytes(StandardCharsets.UTF_8), 64));
    }

    @Test
    void hostileDocumentsAreBoundedInDepthAndCount() {
        StringBuilder deep = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            deep.append("{\"a\":");
        }
        deep.append("{\"image\":\"ipfs://deep\"}").append("}".repeat(50));
        assertEquals(List.of(), assertInstanceOf(MetadataReferences.Parsed.References.class, parse(deep.toString())).references());
        StringBuilder many = new StringBuilder("{\"files\":[");
        for (int i = 0; i < 500; i++) {
            many.append(i == 0 ? "" : ",").append("{\"uri\":\"ipfs://x").append(i).append("\"}");
        }
        many.append("]}");
        MetadataReferences.Parsed.References capped = assertInstanceOf(MetadataReferences.Parsed.References.class, parse(many.toString()));
        assertEquals(64, capped.references().size());
        assertTrue(capped.truncated());
        MetadataReferences.Parsed.References configured = assertInstanceOf(MetadataReferences.Parsed.References.class,
                MetadataReferences.parseMetadata(many.toString().getBytes(StandardCharsets.UTF_8), 3));
        assertEquals(List.of("ipfs://x0", "ipfs://x1", "ipfs://x2"),
                configured.references().stream().map(MetadataReferences.Reference::uri).toList());
        assertTrue(configured.truncated());
    }

    @Test
    void blankAndNonStringValuesAreSkipped() {
        assertEquals(List.of(), assertInstanceOf(MetadataReferences.Parsed.References.class,
                parse("{\"image\":\"  \",\"animation_url\":42,\"uri\":null}")).references());
    }
}
