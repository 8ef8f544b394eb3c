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
 * Fields are matched by name at any depth (bounded), so producers' variations are covered without a
 * schema per marketplace.
 */
public final class MetadataReferences {

    /** Keys whose string value is a reference to content. */
    private static final Set<String> URI_KEYS = Set.of("image", "image_url", "imageurl", "animation_url", "animation",
            "animationurl", "external_url", "youtube_url", "audio", "audio_url", "video", "video_url", "model", "model_url",
            "uri", "url", "src", "file", "thumbnail", "preview", "media", "cover", "cover_image");
    private static final int MAX_DEPTH = 8;
    private static final int MAX_REFERENCES = 64;
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

    public static Parsed parse(byte[] document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (JsonProcessingException e) {
            return new Parsed.NotMetadata("not JSON (the token URI may point at the content itself)");
        } catch (IOException e) {
            return new Parsed.NotMetadata("unreadable: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            return new Parsed.NotMetadata("JSON but not an object");
        }
        List<Reference> out = new ArrayList<>();
        boolean truncated = walk(root, "", 0, out);
        return new Parsed.References(List.copyOf(out), truncated);
    }

    /** Returns true when the reference cap was hit. */
    private static boolean walk(JsonNode node, String path, int depth, List<Reference> out) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String child = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
                JsonNode v = f.getValue();
                if (v.isTextual() && URI_KEYS.contains(f.getKey().toLowerCase(Locale.ROOT)) && !v.asText().isBlank()) {
                    if (out.size() == MAX_REFERENCES) {
                        return true;
                    }
                    out.add(new Reference(child, v.asText().strip()));
                } else if (v.isContainerNode() && walk(v, child, depth + 1, out)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (walk(node.get(i), path + "[" + i + "]", depth + 1, out)) {
                    return true;
                }
            }
        }
        return false;
    }
}
