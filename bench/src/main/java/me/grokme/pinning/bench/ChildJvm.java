package me.grokme.pinning.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A JVM started beside a benchmark on the same classpath (the simulator, DynamoDB Local), so the measured JVM's heap
 * holds only the code under test. Ready once it printed a line starting with the given prefix; the first
 * {@code http://127.0.0.1:…} address on that line is where it listens.
 */
public record ChildJvm(Process process, Optional<URI> url) implements AutoCloseable {

    /** Starts {@code java <jvmArgsAndMain…>} and waits for its ready line; its later output is drained. */
    public static ChildJvm start(List<String> jvmArgsAndMain, String readyPrefix) {
        List<String> cmd = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/java", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(jvmArgsAndMain);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith(readyPrefix)) {
                    int at = line.indexOf("http://127.0.0.1:");
                    Optional<URI> url = at < 0 ? Optional.empty() : Optional.of(URI.create(line.substring(at).split(" ")[0]));
                    Thread.ofVirtual().start(() -> out.lines().forEach(l -> { }));
                    return new ChildJvm(p, url);
                }
            }
            throw new IllegalStateException("child JVM exited before it was ready: " + jvmArgsAndMain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster simulator with {@code cids} raw CIDs pinned on all 3 peers (eu, us, asia), pin delay 0, on a free port. */
    public static ChildJvm simulator(int cids, String maxHeap) {
        return start(List.of("-Xmx" + maxHeap, "-XX:+UseParallelGC", "me.grokme.pinning.clustersim.SimulatorMain", "--port", "0",
                "--peers", "3", "--pin-delay", "0", "--seed", Integer.toString(cids)), "cluster-sim listening on");
    }

    /** DynamoDB Local as a loopback server ({@link DynamoLocalServer}) on a free port; {@link #url()} is its endpoint. */
    public static ChildJvm dynamoLocal() {
        int port = freePort();
        ChildJvm started = start(List.of("-Xmx1g", DynamoLocalServer.class.getName(), Integer.toString(port)), "dynamodb-local ready");
        return new ChildJvm(started.process(), Optional.of(URI.create("http://127.0.0.1:" + port)));
    }

    /** Where it listens; fails for a child that printed no address. */
    public URI baseUrl() {
        return url.orElseThrow(() -> new IllegalStateException("this child JVM printed no address"));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
