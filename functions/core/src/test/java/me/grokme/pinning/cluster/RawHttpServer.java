package me.grokme.pinning.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that writes raw bytes: the way to produce framing faults (a chunked body without its
 * terminator, a missing trailer), Go's own framing byte for byte, or an answer that trickles or stalls.
 * Each connection gets its own thread; by default the connection is closed after one answer, with
 * {@code keepAlive} it stays open and answers each further request the same way (as Go's net/http does).
 */
final class RawHttpServer implements AutoCloseable {

    /** Writes one answer; may pause between writes. */
    @FunctionalInterface
    interface Responder {
        void respond(OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket socket;
    private final Thread acceptor;
    final AtomicInteger connections = new AtomicInteger();
    final AtomicInteger requests = new AtomicInteger();

    RawHttpServer(String rawResponse) throws IOException {
        this(rawResponse, false);
    }

    RawHttpServer(String rawResponse, boolean keepAlive) throws IOException {
        this(out -> out.write(rawResponse.getBytes(StandardCharsets.UTF_8)), keepAlive);
    }

    RawHttpServer(Responder responder, boolean keepAlive) throws IOException {
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try {
                    Socket s = socket.accept();
                    connections.incrementAndGet();
                    Thread.ofVirtual().start(() -> serve(s, responder, keepAlive));
                } catch (IOException e) {
                    // closed
                }
            }
        });
    }

    private void serve(Socket s, Responder responder, boolean keepAlive) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            do {
                if (!readRequestHead(in)) {
                    return;
                }
                requests.incrementAndGet();
                responder.respond(out);
                out.flush();
            } while (keepAlive);
        } catch (IOException | InterruptedException e) {
            // the client went away, or the server is closing
        }
    }

    /** Reads up to the blank line; false when the client closed the connection first. */
    private static boolean readRequestHead(InputStream in) throws IOException {
        int state = 0;
        int c;
        while ((c = in.read()) != -1) {
            state = (c == '\r' && (state == 0 || state == 2)) ? state + 1 : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            if (state == 4) {
                return true;
            }
        }
        return false;
    }

    String url() {
        return "http://127.0.0.1:" + socket.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        acceptor.interrupt();
    }
}
