package me.grokme.pinning.clustersim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import me.grokme.pinning.cid.Cid;
import me.grokme.pinning.cid.InvalidCidException;
import me.grokme.pinning.clock.ManualClock;

/**
 * Routes, parameters, auth, statuses and error bodies of the IPFS Cluster REST API (api/rest/restapi.go),
 * plus the simulator's admin API under {@code /_sim/}.
 */
final class SimApi implements SimHttpServer.Handler {

    private static final Set<String> TRACKER_STATUSES = Set.of("cluster_error", "pin_error", "unpin_error", "pinned",
            "pinning", "unpinning", "unpinned", "remote", "pin_queued", "unpin_queued", "sharded", "unexpectedly_unpinned");
    private static final Set<String> PIN_TYPES = Set.of("pin", "meta-pin", "clusterdag-pin", "shard-pin", "all");
    private static final String REALM = "Restricted IPFS Cluster API";

    private final ClusterModel model;
    private final Faults faults;
    private final JsonFactory json = new JsonFactory();
    private final ObjectMapper mapper = new ObjectMapper();

    SimApi(ClusterModel model, Faults faults) {
        this.model = model;
        this.faults = faults;
    }

    /** Raised by handlers to answer with the cluster's JSON error body. */
    private static final class ApiError extends RuntimeException {
        final int status;
        final Map<String, String> headers;

        ApiError(int status, String message) {
            this(status, message, Map.of());
        }

        ApiError(int status, String message, Map<String, String> headers) {
            super(message, null, false, false);
            this.status = status;
            this.headers = headers;
        }
    }

    /** The path being served on this thread, for path-targeted stream faults. */
    private final ThreadLocal<String> currentPath = ThreadLocal.withInitial(() -> "/");

    @Override
    public void handle(SimHttpServer.Request req, SimHttpServer.Exchange ex) throws IOException {
        String path = req.rawPath();
        currentPath.set(path);
        try {
            if (path.startsWith("/_sim/")) {
                admin(req, ex);
                return;
            }
            if (path.length() > 1 && path.endsWith("/")) {
                String to = path.replaceAll("/+$", "");
                ex.send(307, Map.of("Location", (to.isEmpty() ? "/" : to) + (req.rawQuery().isEmpty() ? "" : "?" + req.rawQuery()),
                        "Content-Type", "text/html; charset=utf-8"), new byte[0]);
                return;
            }
            if (req.method().equals("OPTIONS")) {
                ex.send(204, Map.of(), new byte[0]);
                return;
            }
            if (path.startsWith("/api/v0/") || path.startsWith("/ipfs/")) {
                ipfs(req, ex, path);
                return;
            }
            if (req.method().equals("GET") && path.equals("/health")) {
                faults.count("GET /health");
                ex.send(204, Map.of(), new byte[0]);
                return;
            }
            authenticate(req);
            if (faults.shouldFail(path)) {
                throw new ApiError(faults.failStatus(), "simulated failure");
            }
            Duration delay = faults.delay();
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            route(req, ex, segments(path));
        } catch (ApiError e) {
            Map<String, String> headers = new LinkedHashMap<>(e.headers);
            headers.put("Content-Type", "application/json");
            ex.send(e.status, headers, errorBody(e.status, e.getMessage()));
        } catch (ClusterModel.ClusterError e) {
            ex.send(e.status, Map.of("Content-Type", "application/json"), errorBody(e.status, e.getMessage()));
        }
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.substring(1).split("/", -1)) {
            out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
        }
        return out;
    }

    private void route(SimHttpServer.Request req, SimHttpServer.Exchange ex, List<String> seg) throws IOException {
        String m = req.method();
        Map<String, String> q = query(req.rawQuery());
        String first = seg.get(0);
        int n = seg.size();
        switch (first) {
            case "id" -> {
                requireMethod(m, "GET", n == 1);
                count("GET /id");
                List<SimPeer> members = model.members();
                sendJson(ex, 200, g -> SimJson.id(g, model.peers[0], members, ""));
            }
            case "version" -> {
                requireMethod(m, "GET", n == 1);
                count("GET /version");
                sendJson(ex, 200, g -> {
                    g.writeStartObject();
                    g.writeStringField("version", SimJson.VERSION);
                    g.writeEndObject();
                });
            }
            case "peers" -> {
                requireMethod(m, "GET", n == 1);
                count("GET /peers");
                List<SimPeer> members = model.members();
                stream(ex, members, (g, p) -> SimJson.id(g, p, members, p.up ? "" : "context deadline exceeded"));
                return;
            }
            case "allocations" -> {
                requireMethod(m, "GET", n <= 2);
                if (n == 1) {
                    count("GET /allocations");
                    Set<String> types = filterValues(q.get("filter"), PIN_TYPES);
                    boolean regular = types.isEmpty() || types.contains("pin") || types.contains("all");
                    List<SimPin> pins = regular ? List.of(model.snapshot()) : List.of();
                    stream(ex, pins, (g, p) -> SimJson.pin(g, p, model, true));
                } else {
                    count("GET /allocations/{cid}");
                    Cid cid = cid(seg.get(1));
                    SimPin pin = model.find(cid).orElseThrow(() -> new ApiError(404, ClusterModel.NOT_IN_PINSET));
                    sendJson(ex, 200, g -> SimJson.pin(g, pin, model, true));
                }
            }
            case "pins" -> pins(req, ex, seg, q);
            case "monitor" -> {
                requireMethod(m, "GET", n >= 2 && n <= 3 && seg.get(1).equals("metrics"));
                if (n == 2) {
                    count("GET /monitor/metrics");
                    sendJson(ex, 200, g -> {
                        g.writeStartArray();
                        for (String name : List.of("ping", "freespace", "pinqueue", "tag:region")) {
                            g.writeString(name);
                        }
                        g.writeEndArray();
                    });
                } else {
                    count("GET /monitor/metrics/{name}");
                    metrics(ex, seg.get(2));
                }
            }
            case "health" -> {
                requireMethod(m, "GET", n == 2 && seg.get(1).equals("alerts"));
                count("GET /health/alerts");
                List<ClusterModel.SimAlert> alerts = model.alerts();
                sendJson(ex, 200, g -> {
                    g.writeStartArray();
                    for (ClusterModel.SimAlert a : alerts) {
                        Duration ttl = a.metric().equals("ping") ? model.config().pingInterval().multipliedBy(2) : model.config().metricTtl();
                        long expire = nanos(a.expiredAt());
                        SimJson.metric(g, a.metric(), a.peer().id, metricValue(a.metric(), a.peer()), expire, 0,
                                a.metric().startsWith("tag:"), expire - ttl.toNanos(), nanos(a.triggeredAt()));
                    }
                    g.writeEndArray();
                });
            }
            case "token" -> {
                requireMethod(m, "POST", n == 1);
                count("POST /token");
                token(req, ex);
            }
            default -> throw new ApiError(404, "not found");
        }
    }

    private void pins(SimHttpServer.Request req, SimHttpServer.Exchange ex, List<String> seg, Map<String, String> q) throws IOException {
        String m = req.method();
        int n = seg.size();
        if (n == 1) {
            requireMethod(m, "GET", true);
            statusAll(ex, q);
            return;
        }
        if (n == 2 && seg.get(1).equals("recover")) {
            requireMethod(m, "POST", true);
            count("POST /pins/recover");
            List<ClusterModel.PinStatus> recovered = model.recoverAll(view(q, ClusterModel.View.PER_CID));
            stream(ex, recovered, (g, s) -> SimJson.globalPinInfo(g, s, model));
            return;
        }
        if (n == 3 && seg.get(2).equals("recover")) {
            requireMethod(m, "POST", true);
            count("POST /pins/{cid}/recover");
            Cid cid = cid(seg.get(1));
            ClusterModel.PinStatus status = model.recover(cid, view(q, ClusterModel.View.PER_CID));
            sendJson(ex, 200, g -> SimJson.globalPinInfo(g, status, model));
            return;
        }
        boolean pathForm = Set.of("ipfs", "ipns", "ipld").contains(seg.get(1));
        if (!pathForm && n != 2) {
            throw new ApiError(404, "not found");
        }
        String route = pathForm ? "/pins/" + seg.get(1) + "/{path}" : "/pins/{cid}";
        Cid cid;
        if (pathForm) {
            if (seg.get(1).equals("ipns") || n != 3) {
                // The real cluster asks its IPFS daemon to resolve these; the simulator has no daemon.
                count(m + " " + route);
                throw new ApiError(500, "error resolving path: the simulator cannot resolve IPNS names or sub-paths");
            }
            cid = cid(seg.get(2));
        } else {
            cid = cid(seg.get(1));
        }
        switch (m) {
            case "GET" -> {
                if (pathForm) {
                    throw new ApiError(405, "method not allowed");
                }
                count("GET /pins/{cid}");
                boolean local = "true".equals(q.get("local"));
                sendJson(ex, 200, g -> SimJson.globalPinInfo(g, statusOf(cid, local), model));
            }
            case "POST" -> {
                count("POST " + route);
                SimPin pin = model.pin(cid, pinRequest(q));
                sendJson(ex, 200, g -> SimJson.pin(g, pin, model, false));
            }
            case "DELETE" -> {
                count("DELETE " + route);
                SimPin pin = model.unpin(cid);
                sendJson(ex, 200, g -> SimJson.pin(g, pin, model, true));
            }
            default -> throw new ApiError(405, "method not allowed");
        }
    }

    /** {@code local=true} selects the answering peer's own view, as every route with that parameter does. */
    private static ClusterModel.View view(Map<String, String> q, ClusterModel.View cluster) {
        return "true".equals(q.get("local")) ? ClusterModel.View.LOCAL : cluster;
    }

    private ClusterModel.PinStatus statusOf(Cid cid, boolean local) {
        Instant now = model.tick();
        ClusterModel.View view = local ? ClusterModel.View.LOCAL : ClusterModel.View.PER_CID;
        return model.find(cid).map(p -> model.status(p, now, view))
                .orElseGet(() -> model.unknownStatus(cid.toString(), now, view));
    }

    private void statusAll(SimHttpServer.Exchange ex, Map<String, String> q) throws IOException {
        boolean local = "true".equals(q.get("local"));
        String cids = q.get("cids");
        if (cids != null && !cids.isEmpty()) {
            count("GET /pins?cids=");
            List<Cid> list = new ArrayList<>();
            for (String c : cids.split(",")) {
                list.add(cid(c.trim()));
            }
            stream(ex, list, (g, c) -> SimJson.globalPinInfo(g, statusOf(c, local), model));
            return;
        }
        count("GET /pins");
        Set<String> filter = filterValues(q.get("filter"), allStatusFilters());
        Set<String> statuses = expandAliases(filter);
        SimPin[] pins = model.snapshot();
        Instant now = model.now();
        List<SimPin> all = List.of(pins);
        streamFiltered(ex, all, (g, p) -> {
            ClusterModel.PinStatus s = model.status(p, now, local ? ClusterModel.View.LOCAL : ClusterModel.View.STREAM);
            if (!statuses.isEmpty()) {
                // Each answering tracker filters its own list; a CID is listed when one of them matched, and then
                // every unreachable member is merged in as cluster_error whatever the filter (globalPinInfoStream).
                List<ClusterModel.PeerStatus> kept = new ArrayList<>(s.peers().stream()
                        .filter(ps -> ps.peer().up && statuses.contains(ps.status())).toList());
                if (kept.isEmpty()) {
                    return false;
                }
                s.peers().stream().filter(ps -> !ps.peer().up).forEach(kept::add);
                s = new ClusterModel.PinStatus(s.cid(), s.pin(), s.createdNanos(), kept);
            }
            SimJson.globalPinInfo(g, s, model);
            return true;
        });
    }

    private static Set<String> allStatusFilters() {
        Set<String> all = new HashSet<>(TRACKER_STATUSES);
        all.add("error");
        all.add("queued");
        all.add("undefined");
        return all;
    }

    private static Set<String> expandAliases(Set<String> filter) {
        Set<String> out = new HashSet<>();
        for (String f : filter) {
            switch (f) {
                case "error" -> out.addAll(List.of("cluster_error", "pin_error", "unpin_error"));
                case "queued" -> out.addAll(List.of("pin_queued", "unpin_queued"));
                default -> out.add(f);
            }
        }
        return out;
    }

    /** Comma-separated filter values: unknown ones ignored while one is known; only unknown → 400. */
    private static Set<String> filterValues(String raw, Set<String> known) {
        if (raw == null || raw.isBlank()) {
            return Set.of();
        }
        Set<String> out = new HashSet<>();
        for (String v : raw.replace(" ", "").split(",")) {
            if (known.contains(v) && !v.equals("undefined")) {
                out.add(v);
            }
        }
        if (out.isEmpty()) {
            throw new ApiError(400, "invalid filter value");
        }
        return out;
    }

    private void metrics(SimHttpServer.Exchange ex, String name) throws IOException {
        boolean known = Set.of("ping", "freespace", "pinqueue", "tag:region").contains(name);
        List<SimPeer> live = known ? model.peersWithLiveMetric(name) : List.of();
        Instant now = model.now();
        Duration ttl = name.equals("ping") ? model.config().pingInterval().multipliedBy(2) : model.config().metricTtl();
        List<long[]> weights = new ArrayList<>();
        for (SimPeer p : live) {
            long w = switch (name) {
                case "freespace" -> p.freeSpace(model.config().contentSizeBytes());
                case "pinqueue" -> -(model.queuedOn(p) / 100_000);
                default -> 0;
            };
            weights.add(new long[] {w});
        }
        sendJson(ex, 200, g -> {
            g.writeStartArray();
            for (int i = 0; i < live.size(); i++) {
                SimPeer p = live.get(i);
                Instant renewed = p.up ? now : p.downSince;
                long expire = nanos(model.metricExpiry(p, now, ttl));
                SimJson.metric(g, name, p.id, metricValue(name, p), expire, weights.get(i)[0], name.startsWith("tag:"),
                        nanos(renewed), -1);
            }
            g.writeEndArray();
        });
    }

    private String metricValue(String name, SimPeer p) {
        return switch (name) {
            case "ping" -> "{\"peer_name\":\"" + p.name + "\",\"ipfs_id\":\"" + p.ipfsId + "\",\"ipfs_addresses\":[\""
                    + p.address + "/tcp/4001\"]}";
            case "freespace" -> Long.toString(p.freeSpace(model.config().contentSizeBytes()));
            case "pinqueue" -> Long.toString(model.queuedOn(p));
            case "tag:region" -> p.region;
            default -> "";
        };
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    // --- pin options -------------------------------------------------------------------------------

    private ClusterModel.PinRequest pinRequest(Map<String, String> q) {
        int rmin = 0;
        int rmax = 0;
        if (q.containsKey("replication")) {
            rmin = rmax = intParam(q.get("replication"), "parameter replication-min invalid");
        } else {
            if (q.containsKey("replication-min")) {
                rmin = intParam(q.get("replication-min"), "parameter replication-min invalid");
            }
            if (q.containsKey("replication-max")) {
                rmax = intParam(q.get("replication-max"), "parameter replication-max invalid");
            }
        }
        if (q.containsKey("shard-size")) {
            try {
                Long.parseUnsignedLong(q.get("shard-size"));
            } catch (NumberFormatException e) {
                throw new ApiError(400, "parameter shard_size is invalid");
            }
        }
        long expireAt = 0;
        if (q.containsKey("expire-at") && !q.get("expire-at").isEmpty()) {
            try {
                expireAt = OffsetDateTime.parse(q.get("expire-at")).toEpochSecond();
            } catch (DateTimeParseException e) {
                throw new ApiError(400, "expire-at cannot be parsed: parsing time \"" + q.get("expire-at") + "\" as RFC3339: " + e.getMessage());
            }
        } else if (q.containsKey("expire-in") && !q.get("expire-in").isEmpty()) {
            Duration d = GoDuration.parse(q.get("expire-in"))
                    .orElseThrow(() -> new ApiError(400, "expire-in cannot be parsed: time: invalid duration \"" + q.get("expire-in") + "\""));
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ApiError(400, "expire-in duration too short");
            }
            expireAt = model.now().plus(d).getEpochSecond();
        }
        if (q.containsKey("origins") && !q.get("origins").isEmpty()) {
            for (String o : q.get("origins").split(",")) {
                if (!o.startsWith("/")) {
                    throw new ApiError(400, "error decoding multiaddress: " + o);
                }
                if (!o.contains("/p2p/")) {
                    throw new ApiError(400, "multiaddress does not contain peer ID: " + o);
                }
            }
        }
        if (q.containsKey("pin-update") && !q.get("pin-update").isEmpty()) {
            throw new ApiError(500, "pin-update is not supported by the simulator");
        }
        List<String> userAllocations = new ArrayList<>();
        if (q.containsKey("user-allocations") && !q.get("user-allocations").isEmpty()) {
            for (String id : q.get("user-allocations").split(",")) {
                // The cluster silently drops ids it cannot decode.
                for (SimPeer p : model.peers) {
                    if (p.id.equals(id.trim())) {
                        userAllocations.add(p.id);
                    }
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        q.forEach((k, v) -> {
            if (k.startsWith("meta-") && k.length() > 5) {
                meta.put(k.substring(5), v);
            }
        });
        return new ClusterModel.PinRequest(q.getOrDefault("name", ""), "direct".equals(q.get("mode")), rmin, rmax,
                userAllocations, expireAt, meta);
    }

    private static int intParam(String v, String message) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ApiError(400, message);
        }
    }

    /** Go's url.ParseQuery: '+' is a space; first value wins for a repeated key; undecodable pairs skipped. */
    static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(k, v);
            } catch (IllegalArgumentException e) {
                // Go skips a pair with a bad escape
            }
        }
        return out;
    }

    private static Cid cid(String text) {
        try {
            return Cid.parse(text);
        } catch (InvalidCidException e) {
            // go-cid's words for an unknown multibase prefix (seen on ipfs-cluster 1.1.6), not our parser's finer reason.
            String reason = e.getMessage().startsWith("unsupported multibase prefix") ? "invalid cid: selected encoding not supported" : e.getMessage();
            throw new ApiError(400, "error decoding Cid: " + reason);
        }
    }

    private static void requireMethod(String method, String expected, boolean pathOk) {
        if (!pathOk) {
            throw new ApiError(404, "not found");
        }
        if (!method.equals(expected)) {
            throw new ApiError(405, "method not allowed");
        }
    }

    private void count(String route) {
        faults.count(route);
    }

    // --- auth ----------------------------------------------------------------------------------------

    private void authenticate(SimHttpServer.Request req) {
        Optional<SimulatorConfig.Credentials> creds = model.config().basicAuth();
        if (creds.isEmpty()) {
            return;
        }
        String header = req.header("authorization");
        if (header == null) {
            throw new ApiError(401, "unauthorized: no auth provided", Map.of("WWW-Authenticate",
                    "Bearer realm=\"" + REALM + "\", Basic realm=\"" + REALM + "\""));
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                decoded = "";
            }
            String expected = creds.get().user() + ":" + creds.get().password();
            if (!MessageDigest.isEqual(decoded.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(401, "unauthorized: access denied",
                        Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\""));
            }
            return;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), jwt(creds.get()).getBytes(StandardCharsets.UTF_8))) {
                throw new ApiError(401, "unauthorized: invalid token",
                        Map.of("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\""));
            }
            return;
        }
        throw new ApiError(401, "unauthorized: access denied", Map.of("WWW-Authenticate", "Basic realm=\"" + REALM + "\""));
    }

    private void token(SimHttpServer.Request req, SimHttpServer.Exchange ex) throws IOException {
        Optional<SimulatorConfig.Credentials> creds = model.config().basicAuth();
        if (creds.isEmpty()) {
            throw new ApiError(401, "unauthorized");
        }
        String token = jwt(creds.get());
        sendJson(ex, 200, g -> {
            g.writeStartObject();
            g.writeStringField("token", token);
            g.writeEndObject();
        });
    }

    /** HS256 JWT with only {@code iss}, keyed by the user's password: what POST /token issues (it never expires). */
    private static String jwt(SimulatorConfig.Credentials creds) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String head = b64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String body = b64.encodeToString(("{\"iss\":\"" + creds.user() + "\"}").getBytes(StandardCharsets.UTF_8));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(creds.password().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return head + "." + body + "." + b64.encodeToString(mac.doFinal((head + "." + body).getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- IPFS side (kubo RPC cat through the cluster's IPFS proxy, and a path gateway) ------------------

    /**
     * The content reads deep pinning makes. In a real deployment these are other listeners (the cluster's
     * IPFS proxy on :9095 forwarding kubo's RPC, kubo's gateway on :8080); the simulator serves them on its
     * one port. kubo answers RPC errors with 500 and {@code {"Message","Code","Type"}}.
     */
    private void ipfs(SimHttpServer.Request req, SimHttpServer.Exchange ex, String path) throws IOException {
        boolean rpc = path.startsWith("/api/v0/");
        String route = rpc ? req.method() + " " + path : "GET /ipfs/{cid}";
        faults.count(route);
        if (faults.shouldFail(path)) {
            ex.send(rpc ? 500 : 502, Map.of("Content-Type", "text/plain"), "simulated failure\n".getBytes(StandardCharsets.UTF_8));
            return;
        }
        String arg;
        long length = Long.MAX_VALUE;
        if (rpc) {
            if (!path.equals("/api/v0/cat")) {
                kuboError(ex, 404, "404 page not found");
                return;
            }
            if (!req.method().equals("POST")) {
                kuboError(ex, 405, "405 - Method Not Allowed");
                return;
            }
            Map<String, String> q = query(req.rawQuery());
            arg = q.getOrDefault("arg", "");
            if (arg.isEmpty()) {
                kuboError(ex, 400, "argument \"ipfs-path\" is required");
                return;
            }
            if (q.containsKey("length")) {
                length = Long.parseLong(q.get("length"));
            }
        } else {
            if (!req.method().equals("GET") && !req.method().equals("HEAD")) {
                ex.send(405, Map.of("Allow", "GET, HEAD"), new byte[0]);
                return;
            }
            List<String> seg = segments(path); // ["ipfs", cid, name…], percent-decoded
            arg = String.join("/", seg.subList(1, seg.size()));
        }
        String[] parts = arg.replaceFirst("^/ipfs/", "").split("/", 2);
        String cidText = parts[0];
        String inside = parts.length < 2 ? "" : ("/" + parts[1]).replaceAll("/+$", "");
        Cid cid;
        try {
            cid = Cid.parse(cidText);
        } catch (RuntimeException e) {
            if (rpc) {
                kuboError(ex, 500, "invalid path \"" + cidText + "\": invalid cid");
            } else {
                ex.send(400, Map.of("Content-Type", "text/plain"), ("invalid path \"/ipfs/" + cidText + "\"\n").getBytes(StandardCharsets.UTF_8));
            }
            return;
        }
        String ipfsPath = "/ipfs/" + cid + inside;
        switch (model.content(cid, inside)) {
            case ClusterModel.ContentAt.File file -> {
                byte[] body = file.bytes();
                if (length < body.length) {
                    body = Arrays.copyOf(body, (int) Math.max(0, length));
                }
                ex.send(200, rpc ? Map.of("Content-Type", "text/plain", "X-Stream-Output", "1")
                        : Map.of("Content-Type", "application/octet-stream", "X-Ipfs-Path", ipfsPath), body);
            }
            case ClusterModel.ContentAt.Directory dir -> {
                if (rpc) {
                    kuboError(ex, 500, "this dag node is a directory");
                } else {
                    // The gateway answers a directory with its HTML listing.
                    ex.send(200, Map.of("Content-Type", "text/html", "X-Ipfs-Path", ipfsPath),
                            ("<!DOCTYPE html><html><body><h1>Index of " + ipfsPath + "</h1></body></html>\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            case ClusterModel.ContentAt.NoLink missing -> {
                String message = "no link named \"" + missing.name() + "\" under " + cid;
                if (rpc) {
                    kuboError(ex, 500, message);
                } else {
                    ex.send(404, Map.of("Content-Type", "text/plain"),
                            ("failed to resolve " + ipfsPath + ": " + message + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
            case ClusterModel.ContentAt.Unknown unknown -> {
                if (rpc) {
                    kuboError(ex, 500, "block was not found locally (offline): ipld: could not find " + cid);
                } else {
                    ex.send(504, Map.of("Content-Type", "text/plain"), ("failed to resolve " + ipfsPath + ": context deadline exceeded\n")
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
        }
    }

    private void kuboError(SimHttpServer.Exchange ex, int status, String message) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("Message", message);
        body.put("Code", 0);
        body.put("Type", "error");
        ex.send(status, Map.of("Content-Type", "application/json"), mapper.writeValueAsBytes(body));
    }

    // --- admin API -----------------------------------------------------------------------------------

    private void admin(SimHttpServer.Request req, SimHttpServer.Exchange ex) throws IOException {
        List<String> seg = segments(req.rawPath()).subList(1, segments(req.rawPath()).size());
        Map<String, String> q = query(req.rawQuery());
        String m = req.method();
        String route = m + " /" + String.join("/", seg);
        try {
            if (m.equals("POST") && seg.size() == 3 && seg.get(0).equals("peers") && seg.get(2).equals("down")) {
                model.peerDown(seg.get(1));
            } else if (m.equals("POST") && seg.size() == 3 && seg.get(0).equals("peers") && seg.get(2).equals("up")) {
                model.peerUp(seg.get(1));
            } else if (m.equals("POST") && seg.size() == 3 && seg.get(0).equals("pins") && seg.get(2).equals("error")) {
                model.pinError(Cid.parse(seg.get(1)), q.getOrDefault("peer", ""), q.getOrDefault("message", "simulated pin error"));
            } else if (m.equals("POST") && seg.size() == 1 && seg.get(0).equals("faults")) {
                if (q.containsKey("delay_ms")) {
                    faults.slow(Duration.ofMillis(Long.parseLong(q.get("delay_ms"))));
                }
                if (q.containsKey("fail_count")) {
                    faults.failNext(Integer.parseInt(q.get("fail_count")), Integer.parseInt(q.getOrDefault("fail_status", "500")),
                            q.getOrDefault("fail_path", "/"));
                }
                if (q.containsKey("cut_after")) {
                    faults.cutNextStreamAfter(Integer.parseInt(q.get("cut_after")), q.getOrDefault("cut_path", "/"));
                }
                if (q.containsKey("trailer_error")) {
                    faults.errorTrailerOnNextStream(q.get("trailer_error"));
                }
            } else if (m.equals("PUT") && seg.size() >= 2 && seg.get(0).equals("content")) {
                // PUT /_sim/content/<cid>[/<name>…]: a file CID, or a file inside a directory CID
                List<String> names = seg.subList(2, seg.size());
                if (names.stream().anyMatch(n -> n.isEmpty() || n.equals(".") || n.equals("..") || n.contains("/"))) {
                    throw new ApiError(400, "content path segments must be names (no empty, '.' or '..')");
                }
                model.putContent(Cid.parse(seg.get(1)), names.isEmpty() ? "" : "/" + String.join("/", names), req.body());
            } else if (m.equals("DELETE") && seg.size() == 1 && seg.get(0).equals("faults")) {
                faults.clear();
            } else if (m.equals("POST") && seg.size() == 1 && seg.get(0).equals("repinning")) {
                model.setRepinning(Boolean.parseBoolean(q.get("enabled")));
            } else if (m.equals("POST") && seg.size() == 1 && seg.get(0).equals("seed")) {
                model.seedPinned(Integer.parseInt(q.getOrDefault("count", "0")), Integer.parseInt(q.getOrDefault("replication", "3")),
                        q.getOrDefault("name_prefix", ""), c -> { });
            } else if (m.equals("POST") && seg.size() == 2 && seg.get(0).equals("clock") && seg.get(1).equals("advance")) {
                if (!(model.config().clock() instanceof ManualClock manual)) {
                    throw new ApiError(409, "the simulator runs on the real clock");
                }
                manual.advance(Duration.ofMillis(Long.parseLong(q.getOrDefault("ms", "0"))));
            } else if (m.equals("GET") && seg.size() == 1 && seg.get(0).equals("clock")) {
                Map<String, Object> clock = new LinkedHashMap<>();
                clock.put("now", model.now().toString());
                clock.put("manual", model.config().clock() instanceof ManualClock);
                ex.send(200, Map.of("Content-Type", "application/json"), mapper.writeValueAsBytes(clock));
                return;
            } else if (m.equals("GET") && seg.size() == 1 && seg.get(0).equals("counters")) {
                byte[] body = mapper.writeValueAsBytes(faults.counters());
                ex.send(200, Map.of("Content-Type", "application/json"), body);
                return;
            } else if (m.equals("GET") && seg.size() == 1 && seg.get(0).equals("state")) {
                Map<String, Object> state = new LinkedHashMap<>();
                state.put("pins", model.size());
                state.put("repinning", model.repinning());
                List<Map<String, Object>> peers = new ArrayList<>();
                for (SimPeer p : model.peers) {
                    peers.add(Map.of("name", p.name, "id", p.id, "region", p.region, "up", p.up, "allocated_pins", p.allocatedPins));
                }
                state.put("peers", peers);
                ex.send(200, Map.of("Content-Type", "application/json"), mapper.writeValueAsBytes(state));
                return;
            } else {
                throw new ApiError(404, "no such simulator admin route: " + route);
            }
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        }
        ex.send(204, Map.of(), new byte[0]);
    }

    // --- writing -------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Writer {
        void write(JsonGenerator g) throws IOException;
    }

    @FunctionalInterface
    private interface ItemWriter<T> {
        /** Writes the item; returns false when it was filtered out (nothing written). */
        boolean write(JsonGenerator g, T item) throws IOException;
    }

    @FunctionalInterface
    private interface PlainItemWriter<T> {
        void write(JsonGenerator g, T item) throws IOException;
    }

    private byte[] errorBody(int status, String message) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = json.createGenerator(out)) {
            SimJson.error(g, status, message);
        }
        out.write('\n');
        return out.toByteArray();
    }

    private void sendJson(SimHttpServer.Exchange ex, int status, Writer w) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = json.createGenerator(out)) {
            w.write(g);
        }
        out.write('\n');
        ex.send(status, Map.of("Content-Type", "application/json"), out.toByteArray());
    }

    private <T> void stream(SimHttpServer.Exchange ex, List<T> items, PlainItemWriter<T> w) throws IOException {
        streamFiltered(ex, items, (g, item) -> {
            w.write(g, item);
            return true;
        });
    }

    /**
     * The cluster's StreamResponse: 204 when nothing is sent, else 200, NDJSON, a declared
     * {@code X-Stream-Error} trailer that is empty on success. Injected faults cut the body or set the trailer.
     */
    private <T> void streamFiltered(SimHttpServer.Exchange ex, List<T> items, ItemWriter<T> w) throws IOException {
        int cutAfter = faults.takeCutAfter(currentPath.get());
        String trailerError = faults.takeTrailerError();
        SimHttpServer.ChunkedBody body = null;
        JsonGenerator g = null;
        int written = 0;
        for (T item : items) {
            if (body == null) {
                // Peek: the first item decides between 204 and 200 (a filtered-out item writes nothing).
                ByteArrayOutputStream probe = new ByteArrayOutputStream(1024);
                boolean wrote;
                try (JsonGenerator pg = json.createGenerator(probe)) {
                    wrote = w.write(pg, item);
                }
                if (!wrote) {
                    continue;
                }
                body = ex.startChunked(200, Map.of("Content-Type", "application/json", "Trailer", "X-Stream-Error"));
                g = json.createGenerator(body);
                // Go's Encoder writes item + "\n" only; Jackson would put a space between root values.
                g.setRootValueSeparator(null);
                g.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, false);
                g.configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, false);
                probe.write('\n');
                if (cutAfter == 0) {
                    body.write(probe.toByteArray());
                    body.cut();
                    throw new SimHttpServer.Abort();
                }
                body.write(probe.toByteArray());
                written = 1;
                continue;
            }
            if (cutAfter >= 0 && written == cutAfter) {
                g.flush();
                body.flushChunk();
                w.write(g, item);
                g.flush();
                body.cut();
                throw new SimHttpServer.Abort();
            }
            if (w.write(g, item)) {
                g.writeRaw('\n');
                written++;
            }
        }
        if (body == null) {
            // The real StreamResponse sets its headers before it knows the stream is empty (seen on ipfs-cluster 1.1.6).
            ex.send(204, Map.of("Content-Type", "application/json", "Trailer", "X-Stream-Error"), new byte[0]);
            return;
        }
        g.flush();
        if (cutAfter >= 0 && written <= cutAfter) {
            body.flushChunk();
            ex.flush();
            throw new SimHttpServer.Abort();
        }
        body.finish("X-Stream-Error", trailerError == null ? List.of("") : List.of("", trailerError));
    }
}
