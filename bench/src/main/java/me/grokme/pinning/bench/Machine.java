package me.grokme.pinning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/** One line describing where a benchmark ran, for BENCHMARKS.md. */
public final class Machine {

    private Machine() {
    }

    /** Resets the heap pools' peak usage (before a measured run). */
    public static void resetHeapPeaks() {
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak usage since the last reset, in MiB. */
    public static double peakHeapMiB() {
        long peak = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1024.0 / 1024.0;
    }

    /** The 1-, 5- and 15-minute load averages, as {@code uptime} prints them (other workers share the machine). */
    public static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String describe() {
        String cpu = "unknown CPU";
        try {
            cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse(cpu);
        } catch (IOException e) {
            // not Linux: keep the placeholder
        }
        return LocalDate.now(ZoneOffset.UTC) + ", " + Runtime.getRuntime().availableProcessors() + " cores (" + cpu + "), "
                + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.name") + ")";
    }
}
