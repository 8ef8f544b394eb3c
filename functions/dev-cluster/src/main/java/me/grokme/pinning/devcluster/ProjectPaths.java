package me.grokme.pinning.devcluster;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's root, found upwards from the working directory (a module's folder under Maven, the root under bin/). */
final class ProjectPaths {

    private ProjectPaths() {
    }

    static Path root() {
        String prop = System.getProperty("project.root");
        if (prop != null && Files.isDirectory(Path.of(prop))) {
            return Path.of(prop);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("infrastructure/ipfs-cluster/service.json"))) {
                return p;
            }
        }
        throw new IllegalStateException("infrastructure/ipfs-cluster/service.json not found above " + Path.of("").toAbsolutePath());
    }

    /** The shipped cluster files: service.json, kubo-init.sh, scripts/gen-secrets.py. */
    static Path clusterInfrastructure() {
        return root().resolve("infrastructure/ipfs-cluster");
    }
}
