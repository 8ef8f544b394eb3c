package me.grokme.pinning.clustersim;

import java.net.URI;

/**
 * A dev/test double of the IPFS Cluster REST API on a loopback port. Never on a production code path.
 *
 * <p>API skeleton: the model, HTTP server and fault injection are built in this package.
 */
public final class ClusterSimulator implements AutoCloseable {

    private ClusterSimulator() {
    }

    /** Starts a simulator; {@code config.port()} 0 picks a free loopback port. */
    public static ClusterSimulator start(SimulatorConfig config) {
        throw new IllegalStateException("skeleton");
    }

    /** e.g. {@code http://127.0.0.1:41234}. */
    public URI baseUrl() {
        throw new IllegalStateException("skeleton");
    }

    @Override
    public void close() {
    }
}
