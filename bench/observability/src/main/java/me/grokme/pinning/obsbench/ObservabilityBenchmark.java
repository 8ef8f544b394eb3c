package me.grokme.pinning.obsbench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Issue 16 item 6: core's Emf/JsonLog against aws-embedded-metrics and Powertools metrics + logging. Per variant: the
 * shaded jar's size, cold start in fresh JVMs ({@code -XX:+UseSerialGC -XX:TieredStopAtLevel=1}, as the status
 * cold-start benchmark) that set up metrics and logging and emit one metric set and one log line — the variants
 * interleaved, each round starting with the next one, so load changes fall on all of them — and what each one
 * printed, compared field by field with ours.
 *
 * <p>Usage: {@code ObservabilityBenchmark <deployed status jar> <ours jar> <emf-lib jar> <powertools jar> <probe classes> [runs=7]}.
 */
public final class ObservabilityBenchmark {

    private record Variant(String name, Path jar, String probe) {
    }

    private record Run(long total, long setup, long emit, List<String> output) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private ObservabilityBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path deployed = Path.of(args[0]);
        List<Variant> variants = List.of(new Variant("ours (Emf + JsonLog)", Path.of(args[1]), OursProbe.class.getName()),
                new Variant("aws-embedded-metrics 4.2.0 + JsonLog", Path.of(args[2]), EmfLibProbe.class.getName()),
                new Variant("Powertools metrics 2.8.0 + logging 2.7.0 (Log4j 2)", Path.of(args[3]), PowertoolsProbe.class.getName()));
        String classes = args[4];
        int runs = args.length > 5 ? Integer.parseInt(args[5]) : 7;
        String loadBefore = load();
        Map<String, List<Run>> results = new LinkedHashMap<>();
        variants.forEach(v -> results.put(v.name(), new ArrayList<>()));
        for (int round = 0; round < runs; round++) {
            for (int k = 0; k < variants.size(); k++) {
                Variant v = variants.get((round + k) % variants.size());
                results.get(v.name()).add(probe(v, classes));
            }
        }
        String loadAfter = load();

        System.out.println("### Jar size (the status function's dependencies, shaded as it shades them)");
        System.out.println();
        System.out.println("| jar | bytes | MiB | added to the deployed jar |");
        System.out.println("|---|---|---|---|");
        long base = Files.size(deployed);
        System.out.printf("| deployed `%s` | %,d | %.2f | — |%n", deployed.getFileName(), base, base / 1048576.0);
        for (Variant v : variants) {
            long size = Files.size(v.jar());
            System.out.printf("| %s | %,d | %.2f | %+,d bytes (%+.1f %%) |%n", v.name(), size, size / 1048576.0, size - base, 100.0 * (size - base) / base);
        }
        System.out.println();
        System.out.println("### Cold start: JVM start → metric set and log line written, ms (" + runs + " runs each, interleaved; Jackson databind loaded first in all)");
        System.out.println();
        System.out.println("| variant | runs (total ms) | set-up ms (median) | emit ms (median) | set-up + emit ms (median) | median total ms | × ours |");
        System.out.println("|---|---|---|---|---|---|---|");
        long ours = median(results.get(variants.get(0).name()).stream().map(Run::total).toList());
        for (Variant v : variants) {
            List<Run> rs = results.get(v.name());
            long m = median(rs.stream().map(Run::total).toList());
            System.out.printf("| %s | %s | %d | %d | %d | **%d** | %.2f |%n", v.name(), String.join(" / ", rs.stream().map(r -> Long.toString(r.total())).toList()),
                    median(rs.stream().map(Run::setup).toList()), median(rs.stream().map(Run::emit).toList()),
                    median(rs.stream().map(r -> r.setup() + r.emit()).toList()), m, (double) m / ours);
        }
        System.out.println();
        System.out.println("### What each printed (first run)");
        for (Variant v : variants) {
            System.out.println();
            System.out.println(v.name() + ":");
            System.out.println("```");
            results.get(v.name()).get(0).output().forEach(System.out::println);
            System.out.println("```");
        }
        System.out.println();
        System.out.println("### The EMF document against ours");
        System.out.println();
        JsonNode reference = emf(results.get(variants.get(0).name()).get(0).output());
        System.out.println("| variant | namespace | dimension sets | metric units | values | other top-level keys |");
        System.out.println("|---|---|---|---|---|---|");
        for (Variant v : variants) {
            JsonNode doc = emf(results.get(v.name()).get(0).output());
            System.out.printf("| %s | %s | %s | %s | %s | %s |%n", v.name(), namespace(doc), dimensions(doc), units(doc),
                    same(values(doc), values(reference)), extraKeys(doc, reference));
        }
        System.out.println();
        System.out.println(LocalDate.now(ZoneOffset.UTC) + ", " + Runtime.getRuntime().availableProcessors() + " cores, Java "
                + System.getProperty("java.version") + "; load (1, 5, 15 min) before " + loadBefore + ", after " + loadAfter);
    }

    private static Run probe(Variant v, String classes) throws IOException, InterruptedException {
        List<String> cmd = List.of(System.getProperty("java.home") + "/bin/java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Xshare:auto", "-cp", v.jar() + ":" + classes, v.probe());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // What Lambda sets: aws-embedded-metrics then writes to stdout without probing for an agent or EC2.
        pb.environment().putAll(Map.of("AWS_LAMBDA_FUNCTION_NAME", Sample.SERVICE, "AWS_REGION", "us-east-1",
                "POWERTOOLS_SERVICE_NAME", Sample.SERVICE, "LAMBDA_TASK_ROOT", "/tmp"));
        Process p = pb.start();
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        if (p.waitFor() != 0) {
            throw new IllegalStateException(v.name() + " failed: " + String.join("\n", lines));
        }
        String result = lines.stream().filter(l -> l.startsWith("coldstart ")).findFirst()
                .orElseThrow(() -> new IllegalStateException(v.name() + " printed no result: " + String.join("\n", lines)));
        String[] f = result.split(" ");
        return new Run(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), lines.stream().filter(l -> !l.startsWith("coldstart ")).toList());
    }

    private static JsonNode emf(List<String> output) throws IOException {
        for (String line : output) {
            if (line.startsWith("{") && JSON.readTree(line).has("_aws")) {
                return JSON.readTree(line);
            }
        }
        throw new IllegalStateException("no EMF document in " + output);
    }

    private static String namespace(JsonNode doc) {
        return doc.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText("(none)");
    }

    private static String dimensions(JsonNode doc) {
        return doc.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").toString();
    }

    private static String units(JsonNode doc) {
        Map<String, String> units = new TreeMap<>();
        doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").forEach(m -> units.put(m.path("Name").asText(), m.path("Unit").asText("(none)")));
        return units.toString();
    }

    private static Map<String, Double> values(JsonNode doc) {
        Map<String, Double> values = new TreeMap<>();
        doc.path("_aws").path("CloudWatchMetrics").path(0).path("Metrics").forEach(m -> values.put(m.path("Name").asText(), doc.path(m.path("Name").asText()).asDouble()));
        doc.path("_aws").path("CloudWatchMetrics").path(0).path("Dimensions").path(0).forEach(d -> values.put(d.asText(), (double) doc.path(d.asText()).asText().hashCode()));
        return values;
    }

    private static String same(Object a, Object b) {
        return a.equals(b) ? "same as ours" : "differ: " + a;
    }

    private static String extraKeys(JsonNode doc, JsonNode reference) {
        List<String> extra = new ArrayList<>();
        doc.fieldNames().forEachRemaining(k -> {
            if (!reference.has(k)) {
                extra.add(k);
            }
        });
        return extra.isEmpty() ? "none" : String.join(", ", extra);
    }

    private static long median(List<Long> xs) {
        return xs.stream().sorted().toList().get(xs.size() / 2);
    }

    private static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
