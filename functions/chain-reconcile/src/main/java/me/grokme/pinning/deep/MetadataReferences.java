package me.grokme.pinning.deep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Finds the URIs an NFT metadata document points at: ERC-721's {@code image}, OpenSea's
 * {@code animation_url}, {@code image_url}, {@code external_url}, {@code youtube_url}, and the {@code uri},
 * {@code src}, {@code url}, {@code file}… of nested objects (Metaplex-style {@code properties.files[]}).
 * Fields are matched by name at any nesting level (bounded), so producers' variations are covered without a
 * schema per marketplace. The same reading applies to the further JSON documents metadata leads to (a
 * {@code properties.files} manifest, an {@code animation_url} that is JSON), which may also be arrays.
 */
public final class MetadataReferences {

    /** Keys whose string value is a reference to content. */
    private static final Set<String> URI_KEYS = Set.of("image", "image_url", "imageurl", "animation_url", "animation",
            "animationurl", "external_url", "youtube_url", "audio", "audio_url", "video", "video_url", "model", "model_url",
            "uri", "url", "src", "file", "thumbnail", "preview", "media", "cover", "cover_image");
    private static final int MAX_NESTING = 8;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One reference: where it was (a JSON path like {@code properties.files[0].uri}) and the URI text. */
    public record Reference(String field, String uri) {
    }

    /** The document parsed, or why it is not metadata. */
    public sealed interface Parsed {
        record References(List<Reference> references, boolean truncated) implements Parsed {
        }

        record NotMetadata(String reason) implements Parsed {
        }
    }

    private MetadataReferences() {
    }

    /** A token's metadata: a JSON object (ERC-721's metadata schema), at most {@code maxReferences} found. */
    public static Parsed parseMetadata(byte[] document, int maxReferences) {
        return parse(document, false, maxReferences);
    }

    /** A document metadata leads to: a JSON object or array. */
    public static Parsed parseDocument(byte[] document, int maxReferences) {
        return parse(document, true, maxReferences);
    }

    private static Parsed parse(byte[] document, boolean arrayToo, int maxReferences) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return new Parsed.NotMetadata("not JSON (the token URI may point at the content itself)");
        } catch (IOException e) {
            return new Parsed.NotMetadata("unreadable: " + e.getClass().getSimpleName());
        }
        if (root == null || !(root.isObject() || (arrayToo && root.isArray()))) {
            return new Parsed.NotMetadata(arrayToo ? "JSON but neither an object nor an array" : "JSON but not an object");
        }
        List<Reference> out = new ArrayList<>();
        boolean truncated = walk(root, "", 0, out, maxReferences);
        return new Parsed.References(List.copyOf(out), truncated);
    }

    /** Returns true when the reference cap was hit. */
    private static boolean walk(JsonNode node, String path, int depth, List<Reference> out, int max) {
        if (depth > MAX_NESTING) {
            return false;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                JsonNode v = f.getValue();
                if (v.isTextual() && URI_KEYS.contains(f.getKey().toLowerCase(Locale.ROOT)) && !v.asText().isBlank()) {
                    if (out.size() == max) {
                        return true;
                    }
                    out.add(new Reference(child, v.asText().strip()));
                } else if (v.isContainerNode() && walk(v, child, depth + 1, out, max)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (walk(node.get(i), path + "[" + i + "]", depth + 1, out, max)) {
                    return true;
                }
            }
        }
        return false;
    }
}
