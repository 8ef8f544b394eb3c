package me.grokme.pinning.obsbench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * What every probe emits, the same through each library: the pin webhook's metric set for one delivery (dimension
 * {@code Provider}, three counts and one time in milliseconds) and one log line with its usual context fields.
 */
final class Sample {

    static final String NAMESPACE = "GrokmePinning";
    static final String DIMENSION = "Provider";
    static final String PROVIDER = "alchemy";
    static final String SERVICE = "pin-webhook";
    static final String MESSAGE = "delivery recorded";
    static final String REQUEST_ID = "req-0001";
    static final String CID = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    static final long TOKEN_ID = 42;
    static final double CLUSTER_MS = 12.5;

    private Sample() {
    }

    /**
     * What a function has loaded before it logs anything: Jackson's databind (the secret resolver, the dashboard
     * codec), so that no variant is charged for loading it first.
     */
    static void loadJacksonAsTheFunctionsDo() {
        try {
            ObjectMapper json = new ObjectMapper();
            json.readTree(json.writeValueAsString(Map.of("warm", 1)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The probe's result line: JVM start → emitted, set-up, emitting (ms), as the other cold-start probes print it. */
    static void report(long t0, long t1, long t2) {
        long sinceStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        System.out.flush();
        System.out.println("coldstart " + sinceStart + " " + (t1 - t0) / 1_000_000 + " " + (t2 - t1) / 1_000_000 + " ok");
    }
}
