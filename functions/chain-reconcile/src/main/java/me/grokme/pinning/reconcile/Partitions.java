package me.grokme.pinning.reconcile;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import me.grokme.pinning.chain.RpcUnavailableException;

/** Work split into partitions by key and run on virtual threads: recording is latency-bound (store, cluster, chain round trips). */
final class Partitions {

    private Partitions() {
    }

    /** {@code items} in {@code n} partitions by {@code key}, keeping their order within each. */
    static <T> List<List<T>> split(List<T> items, int n, Function<T, String> key) {
        List<List<T>> partitions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            partitions.add(new ArrayList<>());
        }
        for (T item : items) {
            partitions.get(Math.floorMod(key.apply(item).hashCode(), n)).add(item);
        }
        return partitions;
    }

    /** {@code work} on every partition at once (inline when there is one); the first failure is thrown after all stop. */
    static <T, R> List<R> inParallel(List<List<T>> partitions, Function<List<T>, R> work) {
        if (partitions.size() == 1) {
            return List.of(work.apply(partitions.get(0)));
        }
        List<R> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<R>> running = new ArrayList<>();
            for (List<T> part : partitions) {
                running.add(pool.submit(() -> work.apply(part)));
            }
            RuntimeException failure = null;
            for (Future<R> f : running) {
                try {
                    results.add(f.get());
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new RpcUnavailableException("interrupted while recording a range", e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
        return results;
    }
}
