package me.grokme.pinning.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * The seed's monitor loop (bench/seed-monitor/monitor.mjs: {@code statusAll()} with @nftstorage/ipfs-cluster, then re-pin
 * what has fewer than {@code min} pinned) run in Node against a cluster, with its peak RSS read from the kernel
 * ({@code VmHWM}, sampled while it runs), so a loop that dies of an exhausted heap is measured too.
 */
public final class SeedMonitor {

    /**
     * One run. {@code summary} is the loop's own JSON line (CIDs seen, re-pins, ms, requests, maxRssMiB) when it finished.
     *
     * @param peakRssMiB the kernel's high-water mark of the process's resident memory, runtime included
     * @param heapLimitMiB V8's heap limit for the flags used
     */
    public record Result(int exitCode, double wallSeconds, double peakRssMiB, double heapLimitMiB, Optional<JsonNode> summary,
                         String outputTail) {
        public boolean finished() {
            return exitCode == 0 && summary.isPresent();
        }
    }

    private SeedMonitor() {
    }

    /** Runs the loop once; {@code maxOldSpaceMiB} sets Node's heap limit, empty keeps Node's default. */
    public static Result run(URI clusterUrl, String user, String password, int min, OptionalInt maxOldSpaceMiB) {
        List<String> cmd = node(maxOldSpaceMiB);
        cmd.addAll(List.of("bench/seed-monitor/monitor.mjs", clusterUrl.toString(), user, password, Integer.toString(min)));
        try {
            long t0 = System.nanoTime();
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            long peakKiB = 0;
            Path status = Path.of("/proc", Long.toString(p.pid()), "status");
            while (p.isAlive()) {
                peakKiB = Math.max(peakKiB, highWaterKiB(status));
                Thread.sleep(50);
            }
            int exit = p.waitFor();
            double seconds = (System.nanoTime() - t0) / 1e9;
            String text = out.join();
            Optional<JsonNode> summary = Optional.empty();
            for (String line : text.lines().filter(l -> l.startsWith("{")).toList()) {
                summary = Optional.of(new ObjectMapper().readTree(line));
            }
            double rss = Math.max(peakKiB / 1024.0, summary.map(s -> s.path("maxRssMiB").asDouble()).orElse(0.0));
            List<String> lines = text.lines().toList();
            List<String> kept = new ArrayList<>(lines.stream().filter(l -> l.contains("FATAL ERROR")).toList()); // Node's OOM reason
            kept.addAll(lines.subList(Math.max(0, lines.size() - 12), lines.size()));
            String tail = String.join("\n", kept);
            return new Result(exit, seconds, rss, heapLimitMiB(maxOldSpaceMiB), summary, tail);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** V8's heap size limit in MiB for these flags (Node's default depends on the machine's memory). */
    public static double heapLimitMiB(OptionalInt maxOldSpaceMiB) {
        List<String> cmd = node(maxOldSpaceMiB);
        cmd.addAll(List.of("-p", "v8.getHeapStatistics().heap_size_limit / 1048576"));
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            p.waitFor();
            return Double.parseDouble(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> node(OptionalInt maxOldSpaceMiB) {
        List<String> cmd = new ArrayList<>(List.of("node"));
        maxOldSpaceMiB.ifPresent(m -> cmd.add("--max-old-space-size=" + m));
        return cmd;
    }

    /** VmHWM of /proc/<pid>/status in KiB; 0 once the process is gone. */
    private static long highWaterKiB(Path status) {
        try {
            for (String line : Files.readAllLines(status)) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited between isAlive and the read
        }
        return 0;
    }
}
