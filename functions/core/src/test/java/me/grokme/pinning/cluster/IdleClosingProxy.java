package me.grokme.pinning.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import me.grokme.pinning.testing.Await;

/**
 * A loopback TCP proxy that closes a connection once no byte has crossed it for {@code idle}, as nginx
 * ({@code keepalive_timeout}) and an AWS ALB (idle timeout) do to keep-alive connections between requests.
 */
public final class IdleClosingProxy implements AutoCloseable {

    private record Link(Socket client, Socket upstream, AtomicLong lastActivity) {
        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    private final ServerSocket socket;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger idleCloses = new AtomicInteger();

    /** Connections closed for being idle so far. */
    public int idleClosed() {
        return idleCloses.get();
    }

    public IdleClosingProxy(int upstreamPort, Duration idle) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket client = socket.accept();
                    connections.incrementAndGet();
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                    Link link = new Link(client, upstream, new AtomicLong(System.nanoTime()));
                    links.add(link);
                    Thread.ofVirtual().start(() -> pump(link, client, upstream));
                    Thread.ofVirtual().start(() -> pump(link, upstream, client));
                } catch (IOException e) {
                    // closed
                }
            }
        });
        Thread.ofVirtual().start(() -> reap(idle));
    }

    private void pump(Link link, Socket from, Socket to) {
        byte[] buffer = new byte[8192];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                link.lastActivity().set(System.nanoTime());
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            links.remove(link);
            link.close();
        }
    }

    private void reap(Duration idle) {
        while (!socket.isClosed()) {
            long now = System.nanoTime();
            for (Link link : links) {
                if (now - link.lastActivity().get() >= idle.toNanos() && links.remove(link)) {
                    link.close();
                    idleCloses.incrementAndGet();
                }
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Waits (up to a generous bound) until no connection through the proxy is open: every pooled one was closed. */
    public void awaitNoOpenConnections() throws Exception {
        Await.until(Duration.ofSeconds(30), Duration.ofMillis(10), () -> links.size() + " connection(s) through the proxy are closed",
                links::isEmpty);
    }

    /** Waits (up to a generous bound) until the proxy has closed {@code n} idle connections. */
    public void awaitIdleCloses(int n) throws Exception {
        Await.until(Duration.ofSeconds(30), Duration.ofMillis(10), () -> "the proxy closed " + n + " idle connections (it closed "
                + idleCloses.get() + ")", () -> idleCloses.get() >= n);
    }

    public String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        links.forEach(Link::close);
    }
}
