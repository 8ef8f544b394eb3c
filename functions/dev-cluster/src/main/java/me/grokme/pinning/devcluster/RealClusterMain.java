package me.grokme.pinning.devcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * bin/real-cluster: {@code up [--dir D] [--regions eu,us,asia]} boots a real cluster and leaves it running (its
 * state, pids and URLs in {@code D/state.json}; credentials in {@code D/secrets/.env}); {@code status} tells whether
 * each daemon runs and how many peers each cluster peer sees; {@code down} stops exactly the processes {@code up}
 * started (each pid checked against its command line first).
 */
public final class RealClusterMain {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealClusterMain() {
    }

    public static void main(String[] args) throws IOException {
        List<String> a = Arrays.asList(args);
        String command = a.isEmpty() ? "status" : a.get(0);
        Path dir = Path.of(option(a, "--dir", "target/real-cluster/bin")).toAbsolutePath();
        switch (command) {
            case "up" -> up(dir, List.of(option(a, "--regions", "eu,us,asia").split(",")));
            case "down" -> down(dir);
            case "status" -> status(dir);
            default -> {
                System.err.println("usage: bin/real-cluster up|down|status [--dir DIR] [--regions eu,us,asia]");
                System.exit(2);
            }
        }
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static void up(Path dir, List<String> regions) throws IOException {
        if (Files.exists(dir.resolve("state.json")) && anyAlive(dir)) {
            System.err.println("a cluster from " + dir + " is still running: bin/real-cluster down first");
            System.exit(1);
        }
        RealCluster c = RealCluster.start(new RealClusterConfig(regions, dir, Map.of(), RealClusterConfig.threeRegions(dir).readyTimeout()));
        ObjectNode state = JSON.createObjectNode();
        state.put("user", c.user());
        state.put("secrets", dir.resolve("secrets/.env").toString());
        c.pids().forEach((k, v) -> state.with("pids").put(k, v));
        c.peers().forEach(p -> state.with("peers").putObject(p.name()).put("region", p.region()).put("api", p.apiUrl().toString())
                .put("gateway", p.gatewayUrl().toString()).put("kubo_api", p.kuboApiUrl().toString()).put("dir", p.dir().toString()));
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("state.json").toFile(), state);
        System.out.println("real cluster up: " + c.peers().size() + " peers; REST APIs (basic auth " + c.user()
                + ", password in " + dir.resolve("secrets/.env") + "):");
        c.peers().forEach(p -> System.out.println("  " + p.name() + "  api " + p.apiUrl() + "  gateway " + p.gatewayUrl()
                + "  logs " + p.dir()));
        System.out.println("state: " + dir.resolve("state.json") + "; stop with bin/real-cluster down");
        // The daemons outlive this JVM on purpose: no close().
    }

    private static JsonNode state(Path dir) throws IOException {
        Path f = dir.resolve("state.json");
        if (!Files.exists(f)) {
            System.err.println("no cluster state in " + dir + " (bin/real-cluster up first)");
            System.exit(1);
        }
        return JSON.readTree(f.toFile());
    }

    private static boolean anyAlive(Path dir) throws IOException {
        JsonNode s = state(dir);
        for (JsonNode pid : s.path("pids")) {
            if (ours(pid.asLong(), dir)) {
                return true;
            }
        }
        return false;
    }

    /** A live process whose command line names this cluster's folder: never signal a recycled pid. */
    private static boolean ours(long pid, Path dir) {
        Path cmdline = Path.of("/proc", Long.toString(pid), "cmdline");
        try {
            String cmd = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8);
            String env = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
            return cmd.contains(dir.toString()) || env.contains(dir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static void down(Path dir) throws IOException {
        JsonNode s = state(dir);
        s.path("pids").fields().forEachRemaining(e -> {
            long pid = e.getValue().asLong();
            if (ours(pid, dir)) {
                ProcessHandle.of(pid).ifPresent(h -> {
                    h.destroy();
                    try {
                        h.onExit().get(15, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (Exception ex) {
                        h.destroyForcibly();
                    }
                });
                System.out.println("stopped " + e.getKey() + " (pid " + pid + ")");
            }
        });
    }

    private static void status(Path dir) throws IOException {
        JsonNode s = state(dir);
        s.path("pids").fields().forEachRemaining(e -> System.out.println(e.getKey() + ": "
                + (ours(e.getValue().asLong(), dir) ? "running (pid " + e.getValue().asLong() + ")" : "not running")));
        s.path("peers").fields().forEachRemaining(e -> System.out.println(e.getKey() + ": api " + e.getValue().path("api").asText()
                + ", gateway " + e.getValue().path("gateway").asText()));
    }
}
