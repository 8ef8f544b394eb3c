package me.grokme.pinning.lifecycle;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart hooks. A snapshot must not carry what goes stale while it sleeps: cached secrets (a rotation would
 * be missed) and pooled connections (their sockets are dead after a restore). Outside SnapStart the hooks
 * are registered but never called.
 */
public final class SnapStartHooks {

    /** The CRaC context holds resources weakly; this keeps every registered hook alive with the function. */
    private static final List<Resource> REGISTERED = new CopyOnWriteArrayList<>();

    private SnapStartHooks() {
    }

    /**
     * Registers {@code afterRestore} with the CRaC global context and keeps it reachable for the life of the
     * function; returns the resource so tests can drive it.
     */
    public static Resource register(Runnable afterRestore) {
        Resource resource = new Resource() {
            @Override
            public void beforeCheckpoint(Context<? extends Resource> context) {
                // Nothing to flush: the functions hold no buffered state between invocations.
            }

            @Override
            public void afterRestore(Context<? extends Resource> context) {
                afterRestore.run();
            }
        };
        REGISTERED.add(resource);
        Core.getGlobalContext().register(resource);
        return resource;
    }
}
