package me.grokme.pinning.devcluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import okhttp3.Credentials;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A real IPFS Cluster on loopback: one kubo and one ipfs-cluster-service per region, forming one CRDT cluster with
 * trusted peers, booted from the shipped files ({@code infrastructure/ipfs-cluster/service.json}, {@code kubo-init.sh}
 * and the secrets and identities {@code scripts/gen-secrets.py} writes) with only the per-peer differences the compose
 * file applies: name, region tag, identity, and the addresses (here distinct loopback ports instead of hosts).
 *
 * <p>Offline-safe: kubo uses its {@code test} profile (no bootstrap peers, MDNS off, AutoConf off, swarm on
 * 127.0.0.1 only) and peers only with the other kubos of this cluster; the cluster's mDNS is off in service.json.
 * Every process's output goes to {@code <workDir>/<peer>/{kubo,cluster}.log}, kept after the run. Only the
 * processes this object started are ever stopped.
 *
 * <p>Development tooling, never deployed (like the simulator and ganache).
 */
public final class RealCluster implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOST = "127.0.0.1";

    /** One peer: its names, its loopback ports and where its files are. */
    public record Peer(String name, String region, String clusterId, Path dir, int apiPort, int clusterSwarmPort, int proxyPort,
                       int kuboApiPort, int kuboSwarmPort, int gatewayPort) {
        /** The cluster's REST API (basic auth with {@link RealCluster#user()} / {@link RealCluster#password()}). */
        public URI apiUrl() {
            return URI.create("http://" + HOST + ":" + apiPort);
        }

        /** kubo's read-only gateway. */
        public URI gatewayUrl() {
            return URI.create("http://" + HOST + ":" + gatewayPort);
        }

        /** kubo's RPC API (never exposed in production; tests add content through it). */
        public URI kuboApiUrl() {
            return URI.create("http://" + HOST + ":" + kuboApiPort);
        }

        Path ipfsPath() {
            return dir.resolve("ipfs");
        }

        Path clusterPath() {
            return dir.resolve("cluster");
        }

        String clusterAddress() {
            return "/ip4/" + HOST + "/tcp/" + clusterSwarmPort + "/p2p/" + clusterId;
        }
    }

    private final RealClusterConfig config;
    private final ClusterBinaries bin;
    private final Map<String, String> secrets;
    private final List<Peer> peers;
    private final Map<String, Process> kubo = new ConcurrentHashMap<>();
    private final Map<String, Process> cluster = new ConcurrentHashMap<>();
    private final OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(30)).build();
    /** CLUSTER_* set by {@link #restartClusterDaemons}, over the configuration's. */
    private final Map<String, String> envOverrides = new ConcurrentHashMap<>();
    private volatile String apiUser;
    private volatile String apiPassword;

    private RealCluster(RealClusterConfig config, ClusterBinaries bin, Map<String, String> secrets, List<Peer> peers) {
        this.config = config;
        this.bin = bin;
        this.secrets = secrets;
        this.peers = List.copyOf(peers);
        this.apiUser = secrets.get("CLUSTER_API_USER");
        this.apiPassword = secrets.get("CLUSTER_API_PASSWORD");
    }

    /**
     * Boots every peer and waits until each sees the others and their allocation metrics; stops what it started on
     * failure. A port taken between choosing it and binding it (another process on this machine) costs a fresh start
     * on new ports, at most three in all.
     */
    public static RealCluster start(RealClusterConfig config) {
        for (int attempt = 1; ; attempt++) {
            RealCluster c = prepare(config);
            try {
                c.peers.forEach(c::startKubo);
                c.peers.forEach(c::awaitKubo);
                c.peers.forEach(c::startCluster);
                c.awaitReady();
                return c;
            } catch (RuntimeException e) {
                c.close();
                if (attempt >= 3 || !c.logTails().contains("address already in use")) {
                    throw e;
                }
            }
        }
    }

    /** Writes secrets, repos and configuration for every peer without starting anything. */
    static RealCluster prepare(RealClusterConfig config) {
        ClusterBinaries bin = ClusterBinaries.require();
        try {
            deleteTree(config.workDir()); // a fresh cluster each time: repos, identities and logs of the last run go
            Files.createDirectories(config.workDir());
            Path env = config.workDir().resolve("secrets/.env");
            run(List.of("python3", ProjectPaths.clusterInfrastructure().resolve("scripts/gen-secrets.py").toString(), "--out",
                    env.toString(), "--regions", String.join(",", config.regions()), "--force"), Map.of(), config.workDir());
            Map<String, String> secrets = readEnv(env);
            List<Peer> peers = new ArrayList<>();
            for (String region : config.regions()) {
                peers.add(new Peer(region + "-1", region, secrets.get("CLUSTER_ID_" + region.toUpperCase()),
                        config.workDir().resolve(region + "-1"), freePort(), freePort(), freePort(), freePort(), freePort(), freePort()));
            }
            RealCluster c = new RealCluster(config, bin, secrets, peers);
            peers.forEach(c::initKubo);
            c.peerKubos();
            peers.forEach(c::initCluster);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<Peer> peers() {
        return peers;
    }

    public Peer peer(String name) {
        return peers.stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no peer " + name + " in " + peers));
    }

    /** The REST API user this harness uses (the generated one, or the last pair given to {@link #restartClusterDaemons}). */
    public String user() {
        return apiUser;
    }

    public String password() {
        return apiPassword;
    }

    /**
     * Restarts every peer's cluster daemon (kubo keeps running) with these {@code CLUSTER_*} variables added, as an
     * operator changing the peers' settings would, and waits until the cluster is whole again. When they set
     * {@code CLUSTER_RESTAPI_BASICAUTHCREDENTIALS} ({@code user:pw[,user:pw…]}), the harness itself uses the last pair.
     */
    public void restartClusterDaemons(Map<String, String> env) {
        envOverrides.putAll(env);
        String creds = env.get("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS");
        if (creds != null) {
            String[] last = creds.split(",")[creds.split(",").length - 1].split(":", 2);
            apiUser = last[0];
            apiPassword = last[1];
        }
        for (Peer p : peers) {
            stopProcess(cluster.remove(p.name()), false);
            startCluster(p);
        }
        awaitReady();
    }

    public RealClusterConfig config() {
        return config;
    }

    /** Process ids of the running daemons, "<peer>/kubo" and "<peer>/cluster", for bin/real-cluster's state file. */
    public Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        peers.forEach(p -> {
            Optional.ofNullable(kubo.get(p.name())).ifPresent(k -> out.put(p.name() + "/kubo", k.pid()));
            Optional.ofNullable(cluster.get(p.name())).ifPresent(k -> out.put(p.name() + "/cluster", k.pid()));
        });
        return out;
    }

    public boolean isRunning(String peerName) {
        Process p = cluster.get(peerName);
        return p != null && p.isAlive();
    }

    // ---- content ----

    /** {@code ipfs add} of one file's bytes on that peer's kubo, unpinned there (the cluster is what pins); its CIDv1. */
    public String addBytes(String peerName, byte[] content) {
        try {
            Path f = Files.createTempFile(config.workDir(), "add", ".bin");
            Files.write(f, content);
            return add(peerName, f, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code ipfs add -r} of a directory made of these relative paths and contents; the directory's CIDv1. */
    public String addDirectory(String peerName, Map<String, byte[]> files) {
        try {
            Path root = Files.createTempDirectory(config.workDir(), "dir");
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                Path f = root.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.write(f, e.getValue());
            }
            return add(peerName, root, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code ipfs add -r} of many small files at once (one process, not one per file), unpinned there; each file's
     * CIDv1, in the order given. For benchmarks that need thousands of distinct CIDs on one peer.
     */
    public List<String> addEach(String peerName, List<byte[]> contents) {
        try {
            Path root = Files.createTempDirectory(config.workDir(), "many");
            for (int i = 0; i < contents.size(); i++) {
                Files.write(root.resolve(String.format("f%07d", i)), contents.get(i));
            }
            String out = run(List.of(bin.ipfs().toString(), "add", "-r", "--cid-version=1", "--pin=false", "--quieter=false",
                    "--progress=false", root.toString()), Map.of("IPFS_PATH", peer(peerName).ipfsPath().toString()), config.workDir());
            Map<String, String> byName = new LinkedHashMap<>();
            for (String line : out.split("\n")) {
                String[] parts = line.trim().split(" ", 3);
                if (parts.length == 3 && parts[0].equals("added")) {
                    byName.put(Path.of(parts[2]).getFileName().toString(), parts[1]);
                }
            }
            List<String> cids = new ArrayList<>();
            for (int i = 0; i < contents.size(); i++) {
                cids.add(java.util.Objects.requireNonNull(byName.get(String.format("f%07d", i)), "no CID for file " + i));
            }
            return cids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String add(String peerName, Path path, boolean recursive) {
        List<String> cmd = new ArrayList<>(List.of(bin.ipfs().toString(), "add", "-Q", "--cid-version=1", "--pin=false"));
        if (recursive) {
            cmd.add("-r");
        }
        cmd.add(path.toString());
        return run(cmd, Map.of("IPFS_PATH", peer(peerName).ipfsPath().toString()), config.workDir()).trim();
    }

    /** The peers the cluster reports {@code pinned} for this CID (asked of the first running peer). */
    public java.util.Set<String> pinnedPeers(String cid) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        peers.stream().filter(p -> isRunning(p.name())).findFirst().flatMap(p -> get(p, "/pins/" + cid))
                .ifPresent(s -> s.path("peer_map").forEach(e -> {
                    if (e.path("status").asText().equals("pinned")) {
                        out.add(e.path("peername").asText());
                    }
                }));
        return out;
    }

    /** Waits until {@code done}, polling; past {@code timeout} fails naming {@code what}, with every peer's log tail. */
    public void await(Duration timeout, BooleanSupplier done, String what) {
        awaitUntil(timeout, done, () -> what);
    }

    // ---- faults ----

    /** SIGKILL of the peer's cluster daemon and its kubo, as a crashed host. */
    public void kill(String peerName) {
        stopProcess(cluster.remove(peerName), true);
        stopProcess(kubo.remove(peerName), true);
    }

    /**
     * Stops every peer's cluster daemon (kubo keeps running, with its blocks): the REST API answers nowhere, as during a
     * cluster-wide outage or a network cut in front of it. {@link #startClusterDaemons} ends it.
     */
    public void stopClusterDaemons() {
        for (Peer p : peers) {
            stopProcess(cluster.remove(p.name()), false);
        }
    }

    /** Starts the cluster daemons {@link #stopClusterDaemons} stopped, on their old state, and waits until the cluster is whole. */
    public void startClusterDaemons() {
        for (Peer p : peers) {
            if (!isRunning(p.name())) {
                startCluster(p);
            }
        }
        awaitReady();
    }

    /** Starts a killed peer again on its old repos and ports and waits until it is back in the cluster. */
    public void restart(String peerName) {
        Peer p = peer(peerName);
        if (isRunning(peerName)) {
            throw new IllegalStateException(peerName + " is running");
        }
        startKubo(p);
        awaitKubo(p);
        startCluster(p);
        awaitUntil(config.readyTimeout(), () -> clusterPeers(p) == peers.size(), () -> p.name() + " rejoins the cluster");
    }

    // ---- lifecycle ----

    @Override
    public void close() {
        cluster.values().forEach(p -> stopProcess(p, false));
        kubo.values().forEach(p -> stopProcess(p, false));
        cluster.clear();
        kubo.clear();
    }

    /** The last lines of every peer's logs, for a failure message. */
    public String logTails() {
        StringBuilder out = new StringBuilder();
        for (Peer p : peers) {
            for (String log : List.of("kubo.log", "cluster.log")) {
                out.append("--- ").append(p.name()).append('/').append(log).append(" (").append(p.dir().resolve(log)).append(")\n")
                        .append(tail(p.dir().resolve(log), 15));
            }
        }
        return out.toString();
    }

    // ---- kubo ----

    private void initKubo(Peer p) {
        try {
            Files.createDirectories(p.dir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = Map.of("IPFS_PATH", p.ipfsPath().toString(),
                "PATH", bin.ipfs().getParent() + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "IPFS_STORAGE_MAX", secrets.getOrDefault("IPFS_STORAGE_MAX", "500GB"));
        run(List.of(bin.ipfs().toString(), "init", "--profile", "test"), env, p.dir());
        // The shipped hook the kubo image runs before its daemon (storage budget, API address, connection manager).
        run(List.of("sh", ProjectPaths.clusterInfrastructure().resolve("kubo-init.sh").toString()), env, p.dir());
        editKuboConfig(p, c -> {
            ObjectNode addresses = (ObjectNode) c.get("Addresses");
            addresses.put("API", "/ip4/" + HOST + "/tcp/" + p.kuboApiPort());
            addresses.put("Gateway", "/ip4/" + HOST + "/tcp/" + p.gatewayPort());
            addresses.set("Swarm", JSON.createArrayNode().add("/ip4/" + HOST + "/tcp/" + p.kuboSwarmPort()));
        });
    }

    /** Each kubo keeps a connection to the others (kubo's Peering), as public kubos on the Internet would find each other. */
    private void peerKubos() {
        Map<String, String> ids = new LinkedHashMap<>();
        peers.forEach(p -> ids.put(p.name(), readKuboConfig(p).path("Identity").path("PeerID").asText()));
        for (Peer p : peers) {
            editKuboConfig(p, c -> {
                ArrayNode list = JSON.createArrayNode();
                peers.stream().filter(o -> o != p).forEach(o -> list.addObject().put("ID", ids.get(o.name()))
                        .set("Addrs", JSON.createArrayNode().add("/ip4/" + HOST + "/tcp/" + o.kuboSwarmPort())));
                ((ObjectNode) c.with("Peering")).set("Peers", list);
            });
        }
    }

    private JsonNode readKuboConfig(Peer p) {
        try {
            return JSON.readTree(p.ipfsPath().resolve("config").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void editKuboConfig(Peer p, java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode c = (ObjectNode) readKuboConfig(p);
        edit.accept(c);
        try {
            JSON.writerWithDefaultPrettyPrinter().writeValue(p.ipfsPath().resolve("config").toFile(), c);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void startKubo(Peer p) {
        kubo.put(p.name(), daemon(List.of(bin.ipfs().toString(), "daemon", "--migrate=false"),
                Map.of("IPFS_PATH", p.ipfsPath().toString()), p.dir().resolve("kubo.log"), p.dir()));
    }

    private void awaitKubo(Peer p) {
        awaitUntil(Duration.ofSeconds(60), () -> {
            ensureAlive(kubo.get(p.name()), p, "kubo");
            return post(p.kuboApiUrl().resolve("/api/v0/id"), Map.of()).isPresent();
        }, () -> p.name() + "'s kubo answers its RPC API");
    }

    // ---- cluster ----

    private void initCluster(Peer p) {
        try {
            Files.createDirectories(p.clusterPath());
            Files.copy(ProjectPaths.clusterInfrastructure().resolve("service.json"), p.clusterPath().resolve("service.json"),
                    StandardCopyOption.REPLACE_EXISTING);
            Path identity = p.clusterPath().resolve("identity.json");
            Files.deleteIfExists(identity);
            Files.copy(config.workDir().resolve("secrets/identity-" + p.region() + ".json"), identity);
            // Mounted read-only in production; the daemon must not need to write it.
            identity.toFile().setWritable(false, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The variables docker-compose.yml sets on a peer, with loopback ports in place of hosts. */
    Map<String, String> clusterEnv(Peer p) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CLUSTER_SECRET", secrets.get("CLUSTER_SECRET"));
        env.put("CLUSTER_CRDT_TRUSTEDPEERS", secrets.get("TRUSTED_PEERS"));
        env.put("CLUSTER_RESTAPI_BASICAUTHCREDENTIALS", user() + ":" + password());
        env.put("CLUSTER_RESTAPI_HTTPLISTENMULTIADDRESS", "/ip4/" + HOST + "/tcp/" + p.apiPort());
        env.put("CLUSTER_MONITORPINGINTERVAL", "15s");
        env.put("CLUSTER_DISABLEREPINNING", "false");
        env.put("CLUSTER_PEERADDRESSES", peers.stream().filter(o -> o != p).map(Peer::clusterAddress).collect(Collectors.joining(",")));
        env.put("CLUSTER_PEERNAME", p.name());
        env.put("CLUSTER_TAGS_TAGS", "region:" + p.region());
        env.put("CLUSTER_IPFSHTTP_NODEMULTIADDRESS", "/ip4/" + HOST + "/tcp/" + p.kuboApiPort());
        env.put("CLUSTER_IPFSPROXY_NODEMULTIADDRESS", "/ip4/" + HOST + "/tcp/" + p.kuboApiPort());
        // Per-host ports: on separate hosts every peer listens on 9096 and 9095; here they share one address.
        env.put("CLUSTER_LISTENMULTIADDRESS", "/ip4/" + HOST + "/tcp/" + p.clusterSwarmPort());
        env.put("CLUSTER_IPFSPROXY_LISTENMULTIADDRESS", "/ip4/" + HOST + "/tcp/" + p.proxyPort());
        env.putAll(config.extraClusterEnv());
        env.putAll(envOverrides);
        return env;
    }

    private void startCluster(Peer p) {
        cluster.put(p.name(), daemon(List.of(bin.clusterService().toString(), "--config", p.clusterPath().toString(), "daemon"),
                clusterEnv(p), p.dir().resolve("cluster.log"), p.dir()));
    }

    private void awaitReady() {
        for (Peer p : peers) {
            awaitUntil(config.readyTimeout(), () -> {
                ensureAlive(cluster.get(p.name()), p, "ipfs-cluster-service");
                return clusterPeers(p) == peers.size();
            }, () -> p.name() + " sees all " + peers.size() + " peers");
        }
        // The allocator needs every peer's informer metrics; without them a pin gets fewer allocations than peers.
        Peer first = peers.get(0);
        for (String metric : List.of("tag:region", "freespace", "pinqueue")) {
            awaitUntil(config.readyTimeout(), () -> metricCount(first, metric) == peers.size(),
                    () -> "every peer's " + metric + " metric");
        }
    }

    /** How many cluster peers this peer's /id lists (0 when it does not answer). */
    public int clusterPeers(Peer p) {
        return get(p, "/id").map(n -> n.path("cluster_peers").size()).orElse(0);
    }

    private int metricCount(Peer p, String metric) {
        return get(p, "/monitor/metrics/" + metric).map(JsonNode::size).orElse(0);
    }

    /** GET on a peer's REST API with the cluster's credentials; empty when it does not answer 200. */
    public Optional<JsonNode> get(Peer p, String path) {
        Request r = new Request.Builder().url(p.apiUrl().resolve(path).toString())
                .header("Authorization", Credentials.basic(user(), password())).build();
        try (Response resp = http.newCall(r).execute()) {
            return resp.code() == 200 ? Optional.of(JSON.readTree(resp.body().byteStream())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Optional<JsonNode> post(URI url, Map<String, String> headers) {
        Request.Builder r = new Request.Builder().url(url.toString()).post(RequestBody.create(new byte[0]));
        headers.forEach(r::header);
        try (Response resp = http.newCall(r.build()).execute()) {
            return resp.code() == 200 ? Optional.of(JSON.readTree(resp.body().byteStream())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // ---- processes ----

    private static Process daemon(List<String> cmd, Map<String, String> env, Path log, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        scrub(pb.environment()).putAll(env);
        try {
            return pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a command to its end; its output, or an error with it. */
    static String run(List<String> cmd, Map<String, String> env, Path dir) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        scrub(pb.environment()).putAll(env);
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Inherited cluster or kubo settings would leak into the peers: only what this class sets applies. */
    private static Map<String, String> scrub(Map<String, String> env) {
        env.keySet().removeIf(k -> k.startsWith("CLUSTER_") || k.startsWith("IPFS_") || k.startsWith("GOLOG_"));
        return env;
    }

    private static void stopProcess(Process p, boolean kill) {
        if (p == null) {
            return;
        }
        if (kill) {
            p.destroyForcibly();
        } else {
            p.destroy();
        }
        try {
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureAlive(Process p, Peer peer, String what) {
        if (p == null || !p.isAlive()) {
            throw new IllegalStateException(what + " of " + peer.name() + " exited"
                    + (p == null ? "" : " with " + p.exitValue()) + ":\n" + logTails());
        }
    }

    private void awaitUntil(Duration timeout, BooleanSupplier done, Supplier<String> what) {
        Instant end = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new IllegalStateException("timed out after " + timeout.toSeconds() + " s waiting until " + what.get()
                        + ":\n" + logTails());
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static String tail(Path file, int lines) {
        try {
            if (!Files.exists(file)) {
                return "(none)\n";
            }
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }

    /**
     * A port below Linux's ephemeral range (32768+), so the many outgoing connections of the peers and the tests
     * never land on it between choosing and binding; checked bindable now.
     */
    private static int freePort() {
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 200; i++) {
            int port = random.nextInt(20_000, 32_000);
            try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName(HOST))) {
                return s.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free loopback port in 20000-31999");
    }

    private static Map<String, String> readEnv(Path env) throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(env)) {
            if (!line.startsWith("#") && line.contains("=")) {
                vars.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return vars;
    }
}
