package me.grokme.pinning.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.local.LocalSystem;
import me.grokme.pinning.webhook.Deliveries;

/** Signed Alchemy deliveries of mints, one token per CID, sent to a local system's webhook route by several senders. */
public final class WebhookLoad {

    /**
     * What the webhook answered.
     *
     * @param ok          200: every mint recorded and pinned
     * @param leftPending 202: recorded, some pins left to the sweep by the webhook's cluster-time budget
     */
    public record Result(int deliveries, long ok, long leftPending, long other, double seconds) {
    }

    private WebhookLoad() {
    }

    /** Token i+1 mints {@code ipfs://cids[i]}; {@code perDelivery} mints a delivery, {@code senders} at a time. */
    public static Result deliver(LocalSystem system, List<String> cids, int senders, int perDelivery) throws Exception {
        List<List<Deliveries.Mint>> batches = new ArrayList<>();
        for (int i = 0; i < cids.size(); i += perDelivery) {
            List<Deliveries.Mint> batch = new ArrayList<>();
            for (int j = i; j < Math.min(cids.size(), i + perDelivery); j++) {
                batch.add(new Deliveries.Mint(Deliveries.CONTRACT, j + 1, "ipfs://" + cids.get(j), Deliveries.tx(j + 1), 0, 21_000_000 + j, false));
            }
            batches.add(batch);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong ok = new AtomicLong();
        AtomicLong other = new AtomicLong();
        AtomicLong leftPending = new AtomicLong();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        List<Future<?>> done = new ArrayList<>();
        for (List<Deliveries.Mint> batch : batches) {
            done.add(pool.submit(() -> {
                String body = Deliveries.body("alchemy", batch);
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(system.gateway().baseUrl() + "/webhooks/alchemy"))
                        .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body));
                Deliveries.signedHeaders("alchemy", body, System.currentTimeMillis() / 1000).forEach(post::header);
                HttpResponse<String> r = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
                (r.statusCode() == 200 ? ok : r.statusCode() == 202 ? leftPending : other).incrementAndGet();
                return null;
            }));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return new Result(batches.size(), ok.get(), leftPending.get(), other.get(), (System.nanoTime() - start) / 1e9);
    }

    /**
     * What the webhook's cluster-time budget left PENDING, submitted by the sweep at once (every 5 minutes when deployed),
     * so what follows measures the cluster, not the schedule. Returns the sweeps it took.
     */
    public static int drainPending(LocalSystem system) {
        int sweeps = 0;
        while (system.ledgerCounts().getOrDefault("pin_pending", 0L) > 0 && sweeps < 20) {
            system.sweep().run("bench-drain-" + sweeps++);
        }
        return sweeps;
    }
}
