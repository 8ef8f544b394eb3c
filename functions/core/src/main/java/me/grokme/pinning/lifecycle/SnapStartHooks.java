package me.grokme.pinning.lifecycle;

import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart hooks. A snapshot must not carry what goes stale while it sleeps: cached secrets (a rotation would
 * be missed) and pooled connections (their sockets are dead after a restore). Outside SnapStart the hooks
 * are registered but never called.
 */
public final class SnapStartHooks {

    private SnapStartHooks() {
    }

    /**
     * Registers {@code afterRestore} with the CRaC global context and returns the resource (the context holds
     * it weakly, so callers keep the reference for as long as the function lives).
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
        Core.getGlobalContext().register(resource);
        return resource;
    }
}
