package me.grokme.pinning.bench;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.cluster.StatusQuery;

/** What a cluster reports about a benchmark's CIDs, from one streamed {@code GET /pins}. */
public final class ClusterCounts {

    private ClusterCounts() {
    }

    /** How many of {@code wanted} the cluster reports {@code pinned} on at least {@code peers} peers. */
    public static long pinnedOnAtLeast(OkHttpClusterClient client, Set<String> wanted, int peers) {
        AtomicLong n = new AtomicLong();
        client.statusAll(StatusQuery.all(), g -> {
            if (wanted.contains(g.cid()) && g.pinnedCount() >= peers) {
                n.incrementAndGet();
            }
        });
        return n.get();
    }

    /**
     * Polls every {@code every} until all of {@code wanted} are pinned on at least {@code peers} peers or {@code timeout}
     * passed; how many were.
     */
    public static long awaitPinnedOn(OkHttpClusterClient client, Set<String> wanted, int peers, java.time.Duration every,
            java.time.Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (n < wanted.size() && System.nanoTime() < end) {
            Thread.sleep(every.toMillis());
            n = pinnedOnAtLeast(client, wanted, peers);
        }
        return n;
    }
}
