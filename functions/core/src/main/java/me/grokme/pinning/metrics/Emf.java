package me.grokme.pinning.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.time.Clock;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: one JSON line per call, which CloudWatch Logs turns into metrics
 * without any API call from the function.
 */
public final class Emf {

    /** A metric value with its CloudWatch unit (Count, Milliseconds, Bytes, None…). */
    public record Value(double value, String unit) {
        public static Value count(long n) {
            return new Value(n, "Count");
        }

        public static Value millis(double ms) {
            return new Value(ms, "Milliseconds");
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** The namespace when {@code METRICS_NAMESPACE} is unset (local runs, tests). */
    public static final String DEFAULT_NAMESPACE = "GrokmePinning";

    private final String namespace;
    private final PrintStream out;
    private final Clock clock;

    /**
     * {@code METRICS_NAMESPACE}: the stack sets one per stack, so two stacks' alarms never read each other's
     * metrics. CloudWatch's rules: at most 255 of {@code A-Za-z0-9 . - _ / # :}, not starting with {@code AWS/}.
     */
    public static String namespace(me.grokme.pinning.config.Env env) {
        String ns = env.optional("METRICS_NAMESPACE", DEFAULT_NAMESPACE);
        if (ns.length() > 255 || !ns.matches("[A-Za-z0-9._/#:-]+") || ns.startsWith("AWS/")) {
            env.problem("METRICS_NAMESPACE must be 1-255 of A-Za-z0-9._/#:- and not start with AWS/, got " + ns);
            return DEFAULT_NAMESPACE;
        }
        return ns;
    }

    public Emf(String namespace, PrintStream out, Clock clock) {
        this.namespace = namespace;
        this.out = out;
        this.clock = clock;
    }

    /** Emits the metrics under one dimension set (≤ 30 dimensions, ≤ 100 metrics, as EMF requires). */
    public void emit(Map<String, String> dimensions, Map<String, Value> metrics) {
        if (dimensions.size() > 30 || metrics.isEmpty() || metrics.size() > 100) {
            throw new IllegalArgumentException("EMF allows 1..100 metrics and at most 30 dimensions");
        }
        StringWriter w = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(w)) {
            g.writeStartObject();
            g.writeObjectFieldStart("_aws");
            g.writeNumberField("Timestamp", clock.millis());
            g.writeArrayFieldStart("CloudWatchMetrics");
            g.writeStartObject();
            g.writeStringField("Namespace", namespace);
            g.writeArrayFieldStart("Dimensions");
            g.writeStartArray();
            for (String d : dimensions.keySet()) {
                g.writeString(d);
            }
            g.writeEndArray();
            g.writeEndArray();
            g.writeArrayFieldStart("Metrics");
            for (Map.Entry<String, Value> m : metrics.entrySet()) {
                g.writeStartObject();
                g.writeStringField("Name", m.getKey());
                g.writeStringField("Unit", m.getValue().unit());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            for (Map.Entry<String, String> d : dimensions.entrySet()) {
                g.writeStringField(d.getKey(), d.getValue());
            }
            for (Map.Entry<String, Value> m : metrics.entrySet()) {
                g.writeNumberField(m.getKey(), m.getValue().value());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("writing to a StringWriter cannot fail", e);
        }
        out.println(w);
    }
}
