package me.grokme.pinning.deep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataReferencesTest {

    private static MetadataReferences.Parsed parse(String json) {
        return MetadataReferences.parse(json.getBytes(StandardCharsets.UTF_8));
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
    }

    @Test
    void blankAndNonStringValuesAreSkipped() {
        assertEquals(List.of(), assertInstanceOf(MetadataReferences.Parsed.References.class,
                parse("{\"image\":\"  \",\"animation_url\":42,\"uri\":null}")).references());
    }
}
