package me.grokme.pinning.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/** One line describing where a benchmark ran, for BENCHMARKS.md. */
public final class Machine {

    private Machine() {
    }

    /** The most heap in use right after a collection since the last reset: what survived, live data and all. */
    private static final AtomicLong MAX_AFTER_GC = new AtomicLong();

    static {
        Set<String> heapPools = new HashSet<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heapPools.add(pool.getName());
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc).addNotificationListener((n, handback) -> {
                if (n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                    long used = 0;
                    for (var e : GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                        used += heapPools.contains(e.getKey()) ? e.getValue().getUsed() : 0;
                    }
                    MAX_AFTER_GC.accumulateAndGet(used, Math::max);
                }
            }, null, null);
        }
    }

    /** Resets the heap pools' peak usage and the largest heap after a collection (before a measured run). */
    public static void resetHeapPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
        MAX_AFTER_GC.set(0);
    }

    /**
     * The largest heap in use right after a collection since the last reset, in MiB: closer to what the run needs than
     * {@link #peakHeapMiB()}, which adds each pool's own peak (reached at different moments) and grows with the cap.
     */
    public static double maxHeapAfterGcMiB() {
        return MAX_AFTER_GC.get() / 1024.0 / 1024.0;
    }

    /** Sum of the heap pools' peak usage since the last reset, in MiB. */
    public static double peakHeapMiB() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
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
