package me.grokme.pinning.devcluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Go-built binaries of the real cluster: {@code ipfs-cluster-service}, {@code ipfs-cluster-ctl} and kubo's
 * {@code ipfs}. bin/cluster-tools builds them from the pinned tool modules in tools/ into a per-machine cache and
 * exports {@code GROKME_CLUSTER_BIN} and {@code GROKME_KUBO_BIN}; without those variables the cache is searched for
 * the versions tools/&#42;/go.mod pin, so an IDE run finds what bin/test built.
 */
public record ClusterBinaries(Path clusterService, Path clusterCtl, Path ipfs) {

    /** Set by bin/test: a missing binary then fails the real-cluster tests instead of skipping them. */
    public static final String REQUIRE_VARIABLE = "GROKME_REQUIRE_REAL_CLUSTER";

    public static boolean required() {
        return System.getenv(REQUIRE_VARIABLE) != null;
    }

    /** The binaries, when all three are there. */
    public static Optional<ClusterBinaries> find() {
        Optional<Path> cluster = folder("GROKME_CLUSTER_BIN", "ipfs-cluster", "github.com/ipfs-cluster/ipfs-cluster");
        Optional<Path> kubo = folder("GROKME_KUBO_BIN", "kubo", "github.com/ipfs/kubo");
        if (cluster.isEmpty() || kubo.isEmpty()) {
            return Optional.empty();
        }
        ClusterBinaries b = new ClusterBinaries(cluster.get().resolve("ipfs-cluster-service"),
                cluster.get().resolve("ipfs-cluster-ctl"), kubo.get().resolve("ipfs"));
        return Stream.of(b.clusterService, b.clusterCtl, b.ipfs).allMatch(Files::isExecutable) ? Optional.of(b) : Optional.empty();
    }

    /** Why {@link #find()} is empty, as a skip or failure message. */
    public static String missing() {
        return "the real IPFS Cluster binaries (ipfs-cluster-service, ipfs-cluster-ctl, ipfs) are not built: run bin/test, "
                + "or `. bin/cluster-tools && install_cluster_tools` (Go from the module proxy; tools/README.md)";
    }

    public static ClusterBinaries require() {
        return find().orElseThrow(() -> new IllegalStateException(missing()));
    }

    private static Optional<Path> folder(String variable, String toolDir, String module) {
        String env = System.getenv(variable);
        if (env != null && !env.isBlank()) {
            return Optional.of(Path.of(env));
        }
        Optional<String> version = pinnedVersion(toolDir, module);
        Path cache = cacheDir();
        if (version.isEmpty() || !Files.isDirectory(cache)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(cache)) {
            String prefix = toolDir + "@" + version.get() + "-";
            List<Path> matches = dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
                    .filter(d -> !d.getFileName().toString().endsWith(".tmp")).toList();
            return matches.size() == 1 ? Optional.of(matches.get(0)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path cacheDir() {
        String base = System.getenv("GROKME_CACHE");
        Path root = base != null && !base.isBlank() ? Path.of(base) : Path.of(System.getProperty("user.home"), ".cache", "grokme-pinning");
        return root.resolve("cluster-bin");
    }

    /** The version tools/{toolDir}/go.mod requires of {@code module}. */
    static Optional<String> pinnedVersion(String toolDir, String module) {
        Path goMod = ProjectPaths.root().resolve("tools").resolve(toolDir).resolve("go.mod");
        if (!Files.isRegularFile(goMod)) {
            return Optional.empty();
        }
        try {
            Matcher m = Pattern.compile("(?m)^\\s*(?:require\\s+)?" + Pattern.quote(module) + "\\s+(v\\S+)").matcher(Files.readString(goMod));
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
