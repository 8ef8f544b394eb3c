package me.grokme.pinning.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Structured logs: one JSON object per line with {@code timestamp}, {@code level}, {@code service},
 * {@code logger} (the capability), {@code message} and context fields such as {@code request_id},
 * {@code cid}, {@code token_id}. Callers pass only values that are safe to log: never a secret, never a raw
 * request body.
 */
public final class JsonLog {

    /** Log levels. */
    public enum Level { DEBUG, INFO, WARN, ERROR }

    private static final JsonFactory JSON = new JsonFactory();

    private final String service;
    private final String logger;
    private final PrintStream out;
    private final Clock clock;

    public JsonLog(String service, String logger, PrintStream out, Clock clock) {
        this.service = service;
        this.logger = logger;
        this.out = out;
        this.clock = clock;
    }

    /** The same sink and service for another capability. */
    public JsonLog named(String otherLogger) {
        return new JsonLog(service, otherLogger, out, clock);
    }

    /** A copy of {@code fields} with one more entry, in order: for adding a detail to a call's common fields. */
    public static Map<String, Object> with(Map<String, ?> fields, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(fields);
        m.put(key, value);
        return m;
    }

    public void info(String message, Map<String, ?> fields) {
        log(Level.INFO, message, fields);
    }

    public void warn(String message, Map<String, ?> fields) {
        log(Level.WARN, message, fields);
    }

    public void error(String message, Map<String, ?> fields) {
        log(Level.ERROR, message, fields);
    }

    public void log(Level level, String message, Map<String, ?> fields) {
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeStringField("timestamp", clock.instant().toString());
            g.writeStringField("level", level.name());
            g.writeStringField("service", service);
            g.writeStringField("logger", logger);
            g.writeStringField("message", message);
            for (Map.Entry<String, ?> e : fields.entrySet()) {
                Object v = e.getValue();
                if (v instanceof Number n) {
                    g.writeFieldName(e.getKey());
                    g.writeNumber(n.toString());
                } else if (v instanceof Boolean b) {
                    g.writeBooleanField(e.getKey(), b);
                } else {
                    g.writeStringField(e.getKey(), String.valueOf(v));
                }
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        out.println(w);
    }
}
