package me.grokme.pinning.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cluster.ClusterAuth;
import me.grokme.pinning.cluster.ClusterClientConfig;
import me.grokme.pinning.cluster.GlobalPinInfo;
import me.grokme.pinning.cluster.Metric;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.PinInfoShort;
import me.grokme.pinning.cluster.StatusQuery;
import me.grokme.pinning.cluster.TrackerStatus;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;

/**
 * Issue #2's streaming benchmark: the cluster simulator, in its own JVM, holds N CIDs pinned on 3 peers in
 * 3 regions; this JVM (run it with -Xmx256m) streams {@code GET /pins} through {@link OkHttpClusterClient}
 * and reduces every item to its pinned count and region set, in constant memory.
 *
 * <p>Usage: {@code StatusStreamBenchmark [cids=1000000] [passes=3]}. Prints a Markdown table.
 */
public final class StatusStreamBenchmark {

    private StatusStreamBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cids = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int passes = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (ChildJvm sim = ChildJvm.simulator(cids, "4g")) {
            run(sim.baseUrl(), cids, passes);
        }
    }

    static void run(URI url, int cids, int passes) {
        AtomicLong bytes = new AtomicLong();
        OkHttpClient http = new OkHttpClient.Builder().eventListener(new EventListener() {
            @Override
            public void responseBodyEnd(Call call, long byteCount) {
                bytes.addAndGet(byteCount);
            }
        }).build();
        OkHttpClusterClient client = new OkHttpClusterClient(new ClusterClientConfig(url, new ClusterAuth.None(),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofMinutes(5), 0,
                Duration.ofMillis(100)), http, d -> { });
        Map<String, Integer> regionOfPeer = new HashMap<>();
        List<String> regions = new ArrayList<>();
        for (Metric m : client.metrics("tag:region")) {
            int idx = regions.indexOf(m.value());
            if (idx < 0) {
                regions.add(m.value());
                idx = regions.size() - 1;
            }
            regionOfPeer.put(m.peer(), idx);
        }
        System.out.println("| pass | CIDs | seconds | CIDs/s | MB/s parsed | peak heap MiB | GC count | CIDs at ≥3 pinned in ≥2 regions |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (int pass = 0; pass <= passes; pass++) {
            me.grokme.pinning.bench.Machine.resetHeapPeaks();
            long gcBefore = gcCount();
            bytes.set(0);
            long[] pinnedHistogram = new long[8];
            long[] regionHistogram = new long[8];
            long[] healthy = {0};
            long start = System.nanoTime();
            long n = client.statusAll(StatusQuery.all(), (GlobalPinInfo g) -> {
                int pinned = 0;
                int regionMask = 0;
                for (Map.Entry<String, PinInfoShort> e : g.peerMap().entrySet()) {
                    if (e.getValue().status() == TrackerStatus.PINNED) {
                        pinned++;
                        Integer r = regionOfPeer.get(e.getKey());
                        if (r != null) {
                            regionMask |= 1 << r;
                        }
                    }
                }
                int regionCount = Integer.bitCount(regionMask);
                pinnedHistogram[Math.min(pinned, 7)]++;
                regionHistogram[Math.min(regionCount, 7)]++;
                if (pinned >= 3 && regionCount >= 2) {
                    healthy[0]++;
                }
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            if (n != cids) {
                throw new IllegalStateException("expected " + cids + " CIDs, streamed " + n);
            }
            String label = pass == 0 ? "warm-up" : Integer.toString(pass);
            System.out.printf("| %s | %,d | %.2f | %,.0f | %.1f | %.0f | %d | %,d |%n", label, n, seconds, n / seconds,
                    bytes.get() / seconds / 1e6, me.grokme.pinning.bench.Machine.peakHeapMiB(), gcCount() - gcBefore, healthy[0]);
        }
        System.out.println();
        System.out.println("Client JVM: " + Machine.describe());
    }


    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
