package me.grokme.pinning.obsbench;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import me.grokme.pinning.logging.JsonLog;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Fresh-JVM probe: aws-embedded-metrics for the metrics, core's {@link JsonLog} for the line (the library has no
 * logger). The probe JVM gets {@code AWS_LAMBDA_FUNCTION_NAME}, so the library picks its Lambda environment
 * (stdout) without probing for EC2 or an agent.
 */
public final class EmfLibProbe {

    private EmfLibProbe() {
    }

    public static void main(String[] args) throws Exception {
        Sample.loadJacksonAsTheFunctionsDo();
        long t0 = System.nanoTime();
        MetricsLogger metrics = new MetricsLogger();
        JsonLog log = new JsonLog(Sample.SERVICE, "webhook", System.out, Clock.systemUTC());
        long t1 = System.nanoTime();
        metrics.setNamespace(Sample.NAMESPACE);
        metrics.setDimensions(DimensionSet.of(Sample.DIMENSION, Sample.PROVIDER));
        metrics.putMetric("deliveries", 1, Unit.COUNT);
        metrics.putMetric("cluster_deferred", 0, Unit.COUNT);
        metrics.putMetric("left_pending", 0, Unit.COUNT);
        metrics.putMetric("cluster_ms", Sample.CLUSTER_MS, Unit.MILLISECONDS);
        metrics.flush();
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("request_id", Sample.REQUEST_ID);
        fields.put("cid", Sample.CID);
        fields.put("token_id", Sample.TOKEN_ID);
        log.info(Sample.MESSAGE, fields);
        Sample.report(t0, t1, System.nanoTime());
    }
}
