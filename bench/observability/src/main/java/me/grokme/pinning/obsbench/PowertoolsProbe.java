package me.grokme.pinning.obsbench;

import static software.amazon.lambda.powertools.logging.argument.StructuredArguments.entry;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.lambda.powertools.logging.PowertoolsLogging;
import software.amazon.lambda.powertools.metrics.Metrics;
import software.amazon.lambda.powertools.metrics.MetricsFactory;
import software.amazon.lambda.powertools.metrics.model.DimensionSet;
import software.amazon.lambda.powertools.metrics.model.MetricUnit;

/**
 * Fresh-JVM probe: Powertools metrics and logging (SLF4J → Log4j 2 with Powertools' JSON layout), through their
 * functional API (no AspectJ weaving). Its default {@code Service} dimension is cleared so that the metric keeps
 * the dimension set the alarms read.
 */
public final class PowertoolsProbe {

    private PowertoolsProbe() {
    }

    public static void main(String[] args) {
        Sample.loadJacksonAsTheFunctionsDo();
        long t0 = System.nanoTime();
        Metrics metrics = MetricsFactory.getMetricsInstance();
        metrics.setNamespace(Sample.NAMESPACE);
        metrics.clearDefaultDimensions();
        Logger log = LoggerFactory.getLogger("webhook");
        long t1 = System.nanoTime();
        // Per invocation, as the @Logging aspect would: the request's context fields on every line.
        PowertoolsLogging.initializeLogging(new LambdaContext(Sample.REQUEST_ID));
        metrics.addDimension(Sample.DIMENSION, Sample.PROVIDER);
        metrics.addMetric("deliveries", 1, MetricUnit.COUNT);
        metrics.addMetric("cluster_deferred", 0, MetricUnit.COUNT);
        metrics.addMetric("left_pending", 0, MetricUnit.COUNT);
        metrics.addMetric("cluster_ms", Sample.CLUSTER_MS, MetricUnit.MILLISECONDS);
        metrics.flush();
        log.info(Sample.MESSAGE, entry("request_id", Sample.REQUEST_ID), entry("cid", Sample.CID), entry("token_id", Sample.TOKEN_ID));
        Sample.report(t0, t1, System.nanoTime());
    }
}
