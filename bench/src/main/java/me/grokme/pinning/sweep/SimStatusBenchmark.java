package me.grokme.pinning.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.OptionalInt;
import me.grokme.pinning.bench.ChildJvm;
import me.grokme.pinning.bench.Machine;
import me.grokme.pinning.bench.SeedMonitor;
import me.grokme.pinning.cluster.OkHttpClusterClient;
import me.grokme.pinning.ledger.LedgerTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue #12 item 9: the health sweep against the seed's monitor loop (bench/seed-monitor, @nftstorage/ipfs-cluster) on
 * the simulator at 1,000,000 CIDs pinned on 3 peers — the same simulator instance and pinset, one after the other in one
 * run. The sweep runs in this JVM (start it with {@code -Xmx512m}, a Lambda's size) on a state primed as
 * {@link SweepBenchmark} primes it (no first-ever per-CID writes), against DynamoDB Local in its own JVM; the seed loop
 * in Node. Memory: the sweep's peak heap; the Node process's peak RSS. Requests: the simulator's own counters.
 *
 * <p>Usage: {@code SimStatusBenchmark [cids=1000000] [nodeMaxOldSpaceMiB=Node's default]}.
 */
public final class SimStatusBenchmark {

    private static final String TABLE = "sim-status";

    private SimStatusBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int cids = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        OptionalInt nodeHeap = args.length > 1 ? OptionalInt.of(Integer.parseInt(args[1])) : OptionalInt.empty();
        System.out.println("load before (1, 5, 15 min): " + Machine.load());
        try (ChildJvm dynamo = ChildJvm.dynamoLocal(); ChildJvm sim = ChildJvm.simulator(cids, "6g")) {
            DynamoDbClient db = SweepBenchmark.dynamo(dynamo);
            URI url = sim.baseUrl();
            OkHttpClusterClient client = SweepBenchmark.client(url);
            LedgerTable.createIfMissing(db, TABLE);
            SweepBenchmark.prime(client, new SweepStore(db, TABLE), cids);
            SweepService sweep = HealthSweepApp.build(SweepBenchmark.config(TABLE, url, 200), db, client, Clock.systemUTC(),
                    new PrintStream(new ByteArrayOutputStream()));
            System.out.printf("%n| on the same simulator, %,d CIDs × 3 peers | wall time | peak memory | REST requests | CIDs seen | re-pins |%n", cids);
            System.out.println("|---|---|---|---|---|---|");
            double sweepSeconds = Double.MAX_VALUE;
            double sweepHeap = 0;
            for (int i = 1; i <= 2; i++) {
                long before = requests(url);
                Machine.resetHeapPeaks();
                long t0 = System.nanoTime();
                SweepReport.Completed r = (SweepReport.Completed) sweep.run("sim-status-" + i);
                double s = (System.nanoTime() - t0) / 1e9;
                double heap = Machine.peakHeapMiB();
                sweepSeconds = Math.min(sweepSeconds, s);
                sweepHeap = Math.max(sweepHeap, heap);
                System.out.printf("| health sweep, run %d (steady state) | %.2f s | heap %.0f MiB (-Xmx%d m) | %d | %,d | %d |%n", i, s, heap,
                        Runtime.getRuntime().maxMemory() >> 20, requests(url) - before, r.cidsChecked(),
                        r.repairs().values().stream().mapToInt(Integer::intValue).sum());
            }
            long before = requests(url);
            SeedMonitor.Result seed = SeedMonitor.run(url, "bench", "bench", 3, nodeHeap);
            long seedRequests = requests(url) - before;
            if (seed.finished()) {
                JsonNode s = seed.summary().orElseThrow();
                System.out.printf("| seed loop (@nftstorage/ipfs-cluster, Node %s) | %.2f s (process %.2f s) | RSS %.0f MiB (V8 heap limit %.0f MiB) | %d | %,d | %d |%n",
                        nodeVersion(), s.path("ms").asDouble() / 1000, seed.wallSeconds(), seed.peakRssMiB(),
                        seed.heapLimitMiB(), seedRequests, s.path("cids").asLong(), s.path("repinned").asLong());
                System.out.printf("%nRatio: the seed loop took %.2f× the faster sweep's time and %.1f× its peak memory (RSS against heap).%n",
                        s.path("ms").asDouble() / 1000 / sweepSeconds, seed.peakRssMiB() / sweepHeap);
            } else {
                System.out.printf("| seed loop (@nftstorage/ipfs-cluster, Node %s) | **failed** after %.2f s, exit %d | peak RSS %.0f MiB (V8 heap limit %.0f MiB) | %d | — | — |%n",
                        nodeVersion(), seed.wallSeconds(), seed.exitCode(), seed.peakRssMiB(), seed.heapLimitMiB(), seedRequests);
                System.out.println();
                System.out.println("Its last output:");
                System.out.println(seed.outputTail());
            }
            System.out.println();
            System.out.println("Sweep JVM: " + Machine.describe());
        }
        System.out.println("load after (1, 5, 15 min): " + Machine.load());
    }

    /** REST requests the simulator counted so far, every route (its own /_sim routes are not counted). */
    private static long requests(URI sim) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(sim.resolve("/_sim/counters")).build(),
                    HttpResponse.BodyHandlers.ofString());
            long n = 0;
            for (JsonNode v : new ObjectMapper().readTree(r.body())) {
                n += v.asLong();
            }
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            return new String(p.getInputStream().readAllBytes()).strip();
        } catch (IOException e) {
            return "?";
        }
    }
}
