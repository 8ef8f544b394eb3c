package me.grokme.pinning.obsbench;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import me.grokme.pinning.logging.JsonLog;
import me.grokme.pinning.metrics.Emf;

/** Fresh-JVM probe: core's {@link Emf} and {@link JsonLog}, as the functions build them. */
public final class OursProbe {

    private OursProbe() {
    }

    public static void main(String[] args) {
        Sample.loadJacksonAsTheFunctionsDo();
        long t0 = System.nanoTime();
        Clock clock = Clock.systemUTC();
        Emf metrics = new Emf(Sample.NAMESPACE, System.out, clock);
        JsonLog log = new JsonLog(Sample.SERVICE, "webhook", System.out, clock);
        long t1 = System.nanoTime();
        Map<String, Emf.Value> values = new LinkedHashMap<>();
        values.put("deliveries", Emf.Value.count(1));
        values.put("cluster_deferred", Emf.Value.count(0));
        values.put("left_pending", Emf.Value.count(0));
        values.put("cluster_ms", Emf.Value.millis(Sample.CLUSTER_MS));
        metrics.emit(Map.of(Sample.DIMENSION, Sample.PROVIDER), values);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", Sample.REQUEST_ID);
        fields.put("cid", Sample.CID);
        fields.put("token_id", Sample.TOKEN_ID);
        log.info(Sample.MESSAGE, fields);
        Sample.report(t0, t1, System.nanoTime());
    }
}
