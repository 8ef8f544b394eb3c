package me.grokme.pinning.dashboard;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/**
 * The one JSON form of a {@link Dashboard}: stored by the sweep in {@code SUMMARY/CURRENT}, read by the status
 * function, and — field for field — the matching parts of the public document. Instants are ISO-8601 strings.
 */
public final class DashboardCodec {

    private static final ObjectMapper JSON = mapper();

    private DashboardCodec() {
    }

    /** A mapper with the dashboard's conventions (snake_case names, ISO instants), for building the public document. */
    public static ObjectMapper mapper() {
        SimpleModule instants = new SimpleModule("instants");
        instants.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator g, SerializerProvider p) throws IOException {
                g.writeString(value.toString());
            }
        });
        instants.addDeserializer(Instant.class, new JsonDeserializer<>() {
            @Override
            public Instant deserialize(JsonParser p, DeserializationContext c) throws IOException {
                return Instant.parse(p.getValueAsString());
            }
        });
        return new ObjectMapper().registerModule(instants).setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
    }

    public static String encode(Dashboard d) {
        try {
            return JSON.writeValueAsString(d);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a dashboard is always encodable", e);
        }
    }

    /** {@link UncheckedIOException} when {@code json} is not a dashboard. */
    public static Dashboard decode(String json) {
        try {
            return JSON.readValue(json, Dashboard.class);
        } catch (IOException e) {
            throw new UncheckedIOException("the stored dashboard is not readable", e);
        }
    }
}
