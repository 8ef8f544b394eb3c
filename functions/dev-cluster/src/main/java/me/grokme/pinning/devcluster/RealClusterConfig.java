package me.grokme.pinning.devcluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How to boot a {@link RealCluster}.
 *
 * @param regions       one peer per entry, named {@code <region>-1} and tagged {@code region:<region>}
 * @param workDir       where repos, configuration copies, secrets and logs go (under a module's target/ in tests)
 * @param extraClusterEnv {@code CLUSTER_*} variables set on every peer after the compose file's own, e.g. a shorter
 *                      {@code CLUSTER_MONITORPINGINTERVAL} for tests that wait for a ping to expire, or
 *                      {@code CLUSTER_DISABLEREPINNING}
 * @param readyTimeout  how long to wait for every peer to see the others and their metrics
 */
public record RealClusterConfig(List<String> regions, Path workDir, Map<String, String> extraClusterEnv, Duration readyTimeout) {

    public RealClusterConfig {
        regions = List.copyOf(regions);
        Objects.requireNonNull(workDir, "workDir");
        extraClusterEnv = Map.copyOf(extraClusterEnv);
        if (regions.isEmpty() || regions.size() != regions.stream().distinct().count()) {
            throw new IllegalArgumentException("one peer per distinct region, at least one: " + regions);
        }
    }

    /** Three peers in eu, us and asia, the production layout. */
    public static RealClusterConfig threeRegions(Path workDir) {
        return new RealClusterConfig(List.of("eu", "us", "asia"), workDir, Map.of(), Duration.ofSeconds(120));
    }

    public RealClusterConfig withClusterEnv(Map<String, String> env) {
        return new RealClusterConfig(regions, workDir, env, readyTimeout);
    }

    public RealClusterConfig withRegions(List<String> newRegions) {
        return new RealClusterConfig(newRegions, workDir, extraClusterEnv, readyTimeout);
    }
}
