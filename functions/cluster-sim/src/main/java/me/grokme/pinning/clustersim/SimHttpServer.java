package me.grokme.pinning.clustersim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small HTTP/1.1 server on a loopback port: keep-alive, Content-Length request bodies, fixed-length
 * responses and chunked responses with trailers.
 *
 * <p>Hand-written because the JDK's com.sun.net.httpserver cannot send HTTP trailers, and the simulator's
 * reason to exist is byte-level control over the cluster's streaming framing: an {@code X-Stream-Error}
 * trailer, a stream cut mid-chunk without its terminator.
 */
final class SimHttpServer implements AutoCloseable {

    /** Request line + headers above this answer 431, like the cluster's Go server (max_header_bytes + 4096). */
    static final int MAX_HEAD_BYTES = 8192;
    static final int MAX_BODY_BYTES = 1 << 20;

    /** A parsed request. Header names are lower-case. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            List<String> v = headers.get(name);
            return v == null || v.isEmpty() ? null : v.get(0);
        }
    }

    /** Handles one request by writing exactly one response through the exchange. */
    @FunctionalInterface
    interface Handler {
        void handle(Request request, Exchange exchange) throws IOException;
    }

    /** Thrown to drop the connection without completing the response (a cut stream). */
    static final class Abort extends RuntimeException {
        Abort() {
            super(null, null, false, false);
        }
    }

    private final ServerSocket server;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final Handler handler;
    private volatile boolean closed;

    SimHttpServer(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 256);
        Thread.ofPlatform().daemon().name("cluster-sim-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                open.add(s);
                workers.execute(() -> serve(s));
            } catch (IOException e) {
                if (!closed) {
                    // transient accept failure: keep serving
                    continue;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
            while (!closed) {
                Request request;
                try {
                    request = readRequest(in);
                } catch (HeadTooLarge e) {
                    writeSimple(out, 431, "Request Header Fields Too Large", "431 Request Header Fields Too Large");
                    return;
                } catch (BadRequest e) {
                    writeSimple(out, 400, "Bad Request", "400 Bad Request: " + e.getMessage());
                    return;
                }
                if (request == null) {
                    return;
                }
                Exchange ex = new Exchange(out, request.method().equals("HEAD"));
                try {
                    handler.handle(request, ex);
                } catch (Abort a) {
                    out.flush();
                    return;
                }
                out.flush();
                if ("close".equalsIgnoreCase(request.header("connection"))) {
                    return;
                }
            }
        } catch (SocketException e) {
            // client went away
        } catch (IOException e) {
            // connection-level failure: nothing to answer
        } finally {
            open.remove(socket);
        }
    }

    private static final class HeadTooLarge extends IOException {
    }

    private static final class BadRequest extends IOException {
        BadRequest(String m) {
            super(m);
        }
    }

    private static Request readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int state = 0;
        int c;
        while (state < 4) {
            c = in.read();
            if (c == -1) {
                if (head.size() == 0) {
                    return null;
                }
                throw new BadRequest("connection closed inside the request head");
            }
            head.write(c);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new HeadTooLarge();
            }
            state = switch (state) {
                case 0, 2 -> c == '\r' ? state + 1 : (c == '\n' && state == 2 ? 4 : 0);
                case 1, 3 -> c == '\n' ? state + 1 : 0;
                default -> 0;
            };
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length != 3 || !requestLine[2].startsWith("HTTP/1.")) {
            throw new BadRequest("malformed request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        byte[] body = new byte[0];
        List<String> cl = headers.get("content-length");
        if (cl != null) {
            int len;
            try {
                len = Integer.parseInt(cl.get(0));
            } catch (NumberFormatException e) {
                throw new BadRequest("bad Content-Length");
            }
            if (len < 0 || len > MAX_BODY_BYTES) {
                throw new BadRequest("body too large");
            }
            body = in.readNBytes(len);
        } else if (headers.containsKey("transfer-encoding")) {
            throw new BadRequest("chunked request bodies are not supported by the simulator");
        }
        return new Request(requestLine[0], path, query, headers, body);
    }

    private static void writeSimple(OutputStream out, int code, String reason, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /** Writes one response: either {@link #send} or {@link #startChunked} … {@link ChunkedBody#finish}. */
    static final class Exchange {
        private final OutputStream out;
        private final boolean head;

        Exchange(OutputStream out, boolean head) {
            this.out = out;
            this.head = head;
        }

        void send(int status, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder sb = statusLine(status, headers);
            sb.append("Content-Length: ").append(body.length).append("\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (!head) {
                out.write(body);
            }
        }

        ChunkedBody startChunked(int status, Map<String, String> headers) throws IOException {
            StringBuilder sb = statusLine(status, headers);
            sb.append("Transfer-Encoding: chunked\r\n\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
            return new ChunkedBody(out);
        }

        void flush() throws IOException {
            out.flush();
        }

        private static StringBuilder statusLine(int status, Map<String, String> headers) {
            StringBuilder sb = new StringBuilder(256);
            sb.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
            sb.append("Date: ").append(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
                    .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC))).append("\r\n");
            headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
            return sb;
        }

        private static String reason(int status) {
            return switch (status) {
                case 200 -> "OK";
                case 204 -> "No Content";
                case 307 -> "Temporary Redirect";
                case 400 -> "Bad Request";
                case 401 -> "Unauthorized";
                case 404 -> "Not Found";
                case 405 -> "Method Not Allowed";
                case 500 -> "Internal Server Error";
                case 503 -> "Service Unavailable";
                default -> "Status";
            };
        }
    }

    /** A chunked body: buffered writes become chunks; {@link #finish} writes the terminator and trailers. */
    static final class ChunkedBody extends OutputStream {
        private final OutputStream out;
        private final byte[] buf = new byte[32 * 1024];
        private int n;

        ChunkedBody(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            if (n == buf.length) {
                flushChunk();
            }
            buf[n++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                if (n == buf.length) {
                    flushChunk();
                }
                int k = Math.min(len, buf.length - n);
                System.arraycopy(b, off, buf, n, k);
                n += k;
                off += k;
                len -= k;
            }
        }

        /** Sends what is buffered as one chunk. */
        void flushChunk() throws IOException {
            if (n == 0) {
                return;
            }
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(buf, 0, n);
            out.write('\r');
            out.write('\n');
            n = 0;
        }

        /** A JSON generator's flush only hands bytes over; chunks are cut at 32 KiB or by {@link #flushChunk}. */
        @Override
        public void flush() {
            // intentionally buffered
        }

        /** Last chunk, then each trailer value on its own line (Go sends one line per value). */
        void finish(String trailerName, List<String> values) throws IOException {
            flushChunk();
            StringBuilder sb = new StringBuilder("0\r\n");
            for (String v : values) {
                sb.append(trailerName).append(": ").append(v).append("\r\n");
            }
            sb.append("\r\n");
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Announces a chunk of everything buffered but sends only half of it: a body cut mid-chunk. */
        void cut() throws IOException {
            int keep = n / 2;
            out.write((Integer.toHexString(Math.max(n, 1)) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(buf, 0, keep);
            out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        workers.shutdownNow();
    }
}
