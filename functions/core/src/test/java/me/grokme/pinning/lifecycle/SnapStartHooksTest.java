package me.grokme.pinning.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Resource;
import org.junit.jupiter.api.Test;

class SnapStartHooksTest {

    @Test
    void theRestoreHookRunsTheGivenActionOnlyOnRestore() throws Exception {
        AtomicInteger restored = new AtomicInteger();
        Resource r = SnapStartHooks.register(restored::incrementAndGet);
        r.beforeCheckpoint(null);
        assertEquals(0, restored.get());
        r.afterRestore(null);
        assertEquals(1, restored.get());
    }
}
