package me.grokme.pinning.devcluster;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * One real cluster per test class, shared by its tests:
 * {@code @RegisterExtension static final RealClusterExtension CLUSTER = RealClusterExtension.threeRegions();}.
 *
 * <p>Where the binaries are not built the class is skipped with {@link ClusterBinaries#missing()} as the message,
 * unless {@code GROKME_REQUIRE_REAL_CLUSTER} is set (bin/test sets it): then it fails, so CI never silently skips.
 * Peers' logs stay under {@code target/real-cluster/<test class>/}; a failing test prints their last lines.
 */
public final class RealClusterExtension implements ExecutionCondition, BeforeAllCallback, AfterAllCallback, TestWatcher {

    private final UnaryOperator<RealClusterConfig> customise;
    private RealCluster cluster;

    private RealClusterExtension(UnaryOperator<RealClusterConfig> customise) {
        this.customise = customise;
    }

    public static RealClusterExtension threeRegions() {
        return new RealClusterExtension(UnaryOperator.identity());
    }

    /** Three regions with these extra {@code CLUSTER_*} variables on every peer. */
    public static RealClusterExtension threeRegions(Map<String, String> clusterEnv) {
        return new RealClusterExtension(c -> c.withClusterEnv(clusterEnv));
    }

    public RealCluster cluster() {
        if (cluster == null) {
            throw new IllegalStateException("the real cluster is not started (used outside a test class?)");
        }
        return cluster;
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (ClusterBinaries.find().isPresent() || ClusterBinaries.required()) {
            return ConditionEvaluationResult.enabled("real cluster binaries present or required");
        }
        return ConditionEvaluationResult.disabled(ClusterBinaries.missing());
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Path work = Path.of("target", "real-cluster", context.getRequiredTestClass().getSimpleName()).toAbsolutePath();
        cluster = RealCluster.start(customise.apply(RealClusterConfig.threeRegions(work)));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null) {
            cluster.close();
            cluster = null;
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (cluster != null) {
            System.err.println("real cluster logs after " + context.getDisplayName() + " failed:\n" + cluster.logTails());
        }
    }
}
