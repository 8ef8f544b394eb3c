package me.grokme.pinning.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.testing.SharedReference;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The cluster's own infrastructure files: service.json, docker-compose.yml, the secrets script, the Akash SDL. */
class ClusterInfrastructureTest {

    private static final Path DIR = Path.of("../../infrastructure/ipfs-cluster");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keys the real service.json has but the 1.1.0 default file writes empty (documented in the API reference). */
    private static final Set<String> DOCUMENTED_EXTRA = Set.of("consensus.crdt.batching.max_batch_size",
            "consensus.crdt.batching.max_batch_age", "consensus.crdt.batching.max_queue_size");
    /** Maps whose keys are user data (user names, header names, tag names, engine options), not configuration keys. */
    private static final Set<String> FREE_MAPS = Set.of("api.restapi.basic_auth_credentials", "api.restapi.headers",
            "informer.tags.tags", "datastore.pebble.pebble_options");

    private static JsonNode service() throws Exception {
        return JSON.readTree(DIR.resolve("service.json").toFile());
    }

    @Test
    void everyServiceJsonKeyIsARealKeyInItsRealSection() throws Exception {
        JsonNode reference = JSON.readTree(SharedReference.reference("ipfs-cluster/service.default-1.1.0.json").toFile());
        List<String> unknown = new ArrayList<>();
        walk(service(), reference, "", unknown);
        assertEquals(List.of(), unknown, "keys not in ipfs-cluster 1.1's service.json (misspelt or in the wrong section)");
    }

    private static void walk(JsonNode ours, JsonNode ref, String path, List<String> unknown) {
        Iterator<Map.Entry<String, JsonNode>> it = ours.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
            JsonNode r = ref == null ? null : ref.get(e.getKey());
            if (r == null && !DOCUMENTED_EXTRA.contains(p)) {
                unknown.add(p);
                continue;
            }
            if (e.getValue().isObject() && !FREE_MAPS.contains(p)) {
                walk(e.getValue(), r, p, unknown);
            }
        }
    }

    @Test
    void theSeedsConfigurationMistakesAreCorrected() throws Exception {
        JsonNode s = service();
        assertTrue(s.get("consensus").has("crdt"), "CRDT consensus (conflict-free, supports followers and trusted peers)");
        assertFalse(s.get("consensus").has("raft"), "no Raft block");
        assertTrue(s.has("pin_tracker") && !s.has("pintracker"), "the section is pin_tracker");
        assertEquals(List.of("tag:region", "pinqueue", "freespace"), list(s.get("allocator").get("balanced").get("allocate_by")));
        assertTrue(s.get("informer").get("tags").get("tags").has("region"), "every peer declares a region tag");
        assertTrue(s.get("informer").has("pinqueue"), "pinqueue is in allocate_by, so its informer must run");
        assertEquals("freespace", s.get("informer").get("disk").get("metric_type").asText());
        assertFalse(s.get("cluster").get("disable_repinning").asBoolean(), "re-allocate away from dead peers (init's default is true)");
        assertEquals("15s", s.get("cluster").get("monitor_ping_interval").asText());
        assertEquals(5, s.get("cluster").get("replication_factor_max").asInt());
        assertTrue(s.get("cluster").get("pin_only_on_trusted_peers").asBoolean(),
                "only our trusted peers hold GROKME's replicas; a peer that merely knows the secret is never allocated one");
        assertNotEquals(List.of("*"), list(s.get("consensus").get("crdt").get("trusted_peers")), "never trust everyone");
        assertTrue(s.get("api").get("restapi").get("http_listen_multiaddress").asText().startsWith("/ip4/127.0.0.1/"),
                "the file keeps the REST API on loopback; only the deployment's variables open it, with credentials");
        assertFalse(s.get("api").has("pinsvcapi"), "unused API removed");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theClustersDefaultMinimumIsTheStacksSoOnePeerDownBlocksNoPin() throws Exception {
        // A pin that asks for 0 (an operator's ipfs-cluster-ctl pin add) gets service.json's minimum; the functions
        // send the stack's ReplicationMin. Both are 2 with three peers: peers - 1 may be down and pins still allocate.
        Map<String, Object> template = new Yaml(new SamTemplateTest.CfnConstructor()).load(Files.readString(Path.of("../../template.yaml")));
        Map<String, Object> parameter = (Map<String, Object>) ((Map<String, Object>) template.get("Parameters")).get("ReplicationMin");
        int stackMin = ((Number) parameter.get("Default")).intValue();
        assertEquals(stackMin, service().get("cluster").get("replication_factor_min").asInt());
        assertTrue(stackMin <= 3 - 1, "three peers, one may be down");
    }

    @Test
    void valuesThatVariablesFillAreEmptyNotPlaceholders() throws Exception {
        // ipfs-cluster parses and validates service.json before it applies CLUSTER_* variables: a placeholder
        // secret (not hex) or trusted peer (not a peer id) stops every peer at start-up, whatever the variables say.
        JsonNode s = service();
        assertEquals("", s.get("cluster").get("secret").asText());
        assertEquals(0, s.get("consensus").get("crdt").get("trusted_peers").size());
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeIsOneParameterisedPeerMountingItsOwnIdentityReadOnly() throws Exception {
        String compose = Files.readString(DIR.resolve("docker-compose.yml"));
        Map<String, Object> services = (Map<String, Object>) ((Map<String, Object>) new Yaml().load(compose)).get("services");
        assertEquals(Set.of("ipfs", "cluster"), services.keySet(), "one peer per host, not one near-copy per region");
        assertTrue(compose.contains("./identity-${REGION}.json:/data/ipfs-cluster/identity.json:ro"));
        assertTrue(compose.contains("./service.json:/data/ipfs-cluster/service.json:ro"));
        assertFalse(compose.contains("CLUSTER_PRIVATEKEY"), "the identity comes from its file, not from variables every host would need");
        assertFalse(compose.contains("profiles"), "a host runs its one peer");
    }

    private static List<String> list(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static Path generatedEnv(String... args) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isExecutable(Path.of("/usr/bin/openssl")),
                "python3 and openssl are needed to generate cluster secrets: skipping");
        Path env = Files.createTempDirectory("cluster-env").resolve(".env");
        List<String> cmd = new ArrayList<>(List.of("python3", DIR.resolve("scripts/gen-secrets.py").toString(), "--out", env.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return env;
    }

    private static Map<String, String> read(Path env) throws Exception {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String line : Files.readAllLines(env)) {
            if (!line.startsWith("#") && line.contains("=")) {
                vars.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return vars;
    }

    @Test
    void theSecretsScriptMakesASharedSecretAndOneIdentityFilePerPeerWithNoPrivateKeyInTheSharedFile() throws Exception {
        Path envFile = generatedEnv();
        Map<String, String> env = read(envFile);
        assertTrue(env.get("CLUSTER_SECRET").matches("[0-9a-f]{64}"), "32 bytes hex");
        assertTrue(env.get("CLUSTER_API_PASSWORD").length() >= 32);
        assertTrue(env.keySet().stream().noneMatch(k -> k.contains("PRIVATE")), "every host gets the .env; keys stay per host: " + env.keySet());
        List<String> ids = new ArrayList<>();
        for (String region : List.of("eu", "us", "asia")) {
            Path identityFile = envFile.resolveSibling("identity-" + region + ".json");
            assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(identityFile), "a private key is readable by its owner only");
            JsonNode identity = JSON.readTree(identityFile.toFile());
            assertEquals(Set.of("id", "private_key"), Set.copyOf(iterable(identity.fieldNames())), "ipfs-cluster's identity.json fields");
            String id = identity.get("id").asText();
            assertEquals(id, env.get("CLUSTER_ID_" + region.toUpperCase()));
            assertTrue(id.startsWith("12D3KooW"), id);
            byte[] idBytes = base58(id);
            byte[] key = Base64.getDecoder().decode(identity.get("private_key").asText());
            assertEquals(68, key.length);
            assertArrayEquals(new byte[] {0x08, 0x01, 0x12, 0x40}, Arrays.copyOf(key, 4), "protobuf PrivateKey{Ed25519, 64 bytes}");
            assertArrayEquals(Arrays.copyOfRange(key, 36, 68), Arrays.copyOfRange(idBytes, 6, 38), "the peer id carries this key's public half");
            ids.add(id);
        }
        assertEquals(String.join(",", ids), env.get("TRUSTED_PEERS"));
        assertEquals(3, Set.copyOf(ids).size());
        for (String region : List.of("eu", "us", "asia")) {
            for (String kind : List.of("host-", "single-host-")) {
                Path hostFile = envFile.resolveSibling(kind + region + ".env");
                assertEquals(Set.of(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE),
                        Files.getPosixFilePermissions(hostFile), "it holds the cluster secret");
                Map<String, String> host = read(hostFile);
                assertEquals(region, host.get("REGION"));
                assertEquals(env.get("CLUSTER_SECRET"), host.get("CLUSTER_SECRET"));
                assertTrue(host.keySet().stream().noneMatch(k -> k.contains("PRIVATE")), hostFile + ": no private key");
            }
        }
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static byte[] base58(String s) {
        String alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
        BigInteger n = BigInteger.ZERO;
        for (char c : s.toCharArray()) {
            n = n.multiply(BigInteger.valueOf(58)).add(BigInteger.valueOf(alphabet.indexOf(c)));
        }
        byte[] raw = n.toByteArray();
        byte[] stripped = raw[0] == 0 ? Arrays.copyOfRange(raw, 1, raw.length) : raw;
        byte[] out = new byte[stripped.length + 1]; // the leading identity-multihash 0x00
        System.arraycopy(stripped, 0, out, 1, stripped.length);
        return out;
    }

    /** {@code docker-compose config} with one env file (null: none), as the host would run it. */
    private static Process compose(Path envFile, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("docker-compose", "--project-directory", DIR.toString(), "-f", DIR.resolve("docker-compose.yml").toString()));
        if (envFile != null) {
            cmd.addAll(List.of("--env-file", envFile.toString()));
        }
        cmd.add("config");
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** The configuration compose resolves for one host's env file (it fails the test when compose refuses it). */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> resolved(Path envFile) throws Exception {
        Process p = compose(envFile);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), envFile + ": " + out);
        return (Map<String, Map<String, Object>>) ((Map<String, Object>) new Yaml().load(out)).get("services");
    }

    /** "port/protocol" of every port published on all interfaces, and of those on loopback. */
    @SuppressWarnings("unchecked")
    private static Set<String> published(Map<String, Object> service, boolean loopback) {
        Set<String> out = new java.util.TreeSet<>();
        for (Object port : (List<Object>) service.get("ports")) {
            if (port instanceof Map<?, ?> p && !loopback) { // long form: published on every interface
                out.add(p.get("published") + "/" + ((Map<String, Object>) p).getOrDefault("protocol", "tcp") + "->" + p.get("target"));
            } else if (port instanceof String p && p.startsWith("127.0.0.1:") && loopback) { // "127.0.0.1:9094:9094/tcp"
                String[] f = p.split("[:/]");
                out.add(f[1] + "/" + f[3] + "->" + f[2]);
            } else if (port instanceof String p && !p.startsWith("127.0.0.1:")) {
                throw new AssertionError("a port published in a form this test does not know: " + p);
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Map<String, Object> service) {
        return (Map<String, String>) service.get("environment");
    }

    @Test
    void eachHostsComposeIsValidWithItsOwnEnvFileOnTheStandardPortsAndAnnouncesItsName() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose (Debian package) not installed: skipping");
        Path env = generatedEnv("--hosts", "eu=eu.cluster.example.org,us=us.cluster.example.org,asia=asia.cluster.example.org");
        for (String region : List.of("eu", "us", "asia")) {
            Map<String, Map<String, Object>> s = resolved(env.resolveSibling("host-" + region + ".env"));
            String host = region + ".cluster.example.org";
            assertEquals(Set.of("9096/tcp->9096", "9096/udp->9096"), published(s.get("cluster"), false), region);
            assertEquals(Set.of("9094/tcp->9094"), published(s.get("cluster"), true), region + ": the REST API on loopback only");
            assertEquals(Set.of("4001/tcp->4001", "4001/udp->4001"), published(s.get("ipfs"), false), region);
            assertEquals(Set.of("8080/tcp->8080"), published(s.get("ipfs"), true), region + ": the gateway on loopback only");
            Map<String, String> cluster = environment(s.get("cluster"));
            assertEquals("/dns4/" + host + "/tcp/9096,/dns4/" + host + "/udp/9096/quic", cluster.get("CLUSTER_ANNOUNCEMULTIADDRESS"));
            assertEquals("region:" + region, cluster.get("CLUSTER_TAGS_TAGS"));
            assertEquals(host, environment(s.get("ipfs")).get("IPFS_ANNOUNCE_HOST"));
            assertEquals("4001", String.valueOf(environment(s.get("ipfs")).get("IPFS_ANNOUNCE_PORT")));
            List<String> peers = List.of(cluster.get("CLUSTER_PEERADDRESSES").split(","));
            assertEquals(2, peers.size(), region + ": the other two peers");
            peers.forEach(a -> assertTrue(a.matches("/dns4/(eu|us|asia)\\.cluster\\.example\\.org/tcp/9096/p2p/12D3KooW\\w+") && !a.contains(host), a));
            assertTrue(s.get("cluster").get("volumes").toString().contains("identity-" + region + ".json"), region);
        }
    }

    @Test
    void theSingleHostEnvFilesRunAllThreePeersOnOneMachineOnDistinctPorts() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose (Debian package) not installed: skipping");
        Path env = generatedEnv();
        Set<String> hostPorts = new java.util.HashSet<>();
        for (String region : List.of("eu", "us", "asia")) {
            Map<String, Map<String, Object>> s = resolved(env.resolveSibling("single-host-" + region + ".env"));
            for (String svc : List.of("ipfs", "cluster")) {
                for (boolean loopback : List.of(false, true)) {
                    published(s.get(svc), loopback).forEach(p -> assertTrue(hostPorts.add(p.substring(0, p.indexOf("->"))), "taken twice: " + p));
                }
            }
            Map<String, String> cluster = environment(s.get("cluster"));
            String port = cluster.get("CLUSTER_ANNOUNCEMULTIADDRESS").replaceAll(".*/tcp/(\\d+),.*", "$1");
            assertTrue(published(s.get("cluster"), false).contains(port + "/tcp->9096"), region + " announces the port it publishes");
            for (String other : cluster.get("CLUSTER_PEERADDRESSES").split(",")) {
                assertTrue(other.startsWith("/dns4/host.docker.internal/tcp/"), other);
            }
        }
        assertEquals(3 * 6, hostPorts.size());
    }

    @Test
    void composeRefusesToRunWithoutAHostsEnvFileAndNamesTheScript() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose (Debian package) not installed: skipping");
        Path empty = Files.createTempFile("empty", ".env");
        Process missing = compose(empty, "-q");
        String err = new String(missing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(missing.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, missing.exitValue(), "secrets are required");
        assertTrue(err.contains("scripts/gen-secrets.py"), err);
        // The shared .env alone is not a host's file: it names no region, so compose refuses it too.
        Process shared = compose(generatedEnv(), "-q");
        String sharedErr = new String(shared.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(shared.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, shared.exitValue(), sharedErr);
        assertTrue(sharedErr.contains("gen-secrets.py"), sharedErr);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAkashNodeIsAGuardianFollowerOnAnIpLeaseWithNoTrustedSecretAndKeepsTheImagesInit() throws Exception {
        Map<String, Object> sdl;
        try (InputStream in = Files.newInputStream(Path.of("../../infrastructure/akash/cluster-node.yaml"))) {
            sdl = new Yaml().load(in);
        }
        Map<String, Object> services = (Map<String, Object>) sdl.get("services");
        assertEquals(Set.of("ipfs", "follower"), services.keySet());
        Map<String, Object> endpoints = (Map<String, Object>) sdl.get("endpoints");
        assertEquals(1, endpoints.size());
        String lease = endpoints.keySet().iterator().next();
        assertEquals("ip", ((Map<String, Object>) endpoints.get(lease)).get("kind"), "an IP lease: global ports keep their numbers");
        Set<String> global = new java.util.TreeSet<>();
        services.forEach((name, svc) -> ((List<Map<String, Object>>) ((Map<String, Object>) svc).getOrDefault("expose", List.of())).forEach(e -> {
            for (Map<String, Object> to : (List<Map<String, Object>>) e.get("to")) {
                if (Boolean.TRUE.equals(to.get("global"))) {
                    assertEquals(lease, to.get("ip"), name + " " + e);
                    assertEquals(e.get("port"), e.get("as"), "announced as it listens");
                    global.add(name + ":" + e.get("port") + "/" + e.getOrDefault("proto", "tcp"));
                }
            }
        }));
        assertEquals(Set.of("ipfs:4001/tcp", "ipfs:4001/udp"), global, "the IPFS swarm over tcp and QUIC; no API is public");
        Map<String, Object> ipfs = (Map<String, Object>) services.get("ipfs");
        assertFalse(ipfs.containsKey("command") || ipfs.containsKey("args"), "kubo's entrypoint (tini, start_ipfs, user ipfs) runs");
        Map<String, Object> follower = (Map<String, Object>) services.get("follower");
        List<String> command = (List<String>) follower.get("command");
        assertEquals("/sbin/tini", command.get(0), "init kept");
        String args = follower.get("args").toString();
        assertTrue(args.contains("su-exec ipfs ipfs-cluster-follow grokme-guardians run --init"), args);
        String env = follower.get("env").toString();
        for (String secret : List.of("CLUSTER_SECRET", "CLUSTER_ID", "CLUSTER_PRIVATEKEY", "TRUSTEDPEERS")) {
            assertFalse(env.contains(secret), "a provider sees the env: no " + secret + " of the trusted cluster");
        }
        services.values().forEach(svc -> assertFalse(((Map<String, Object>) svc).containsKey("depends_on"), "not an Akash key"));
        Map<String, Object> compute = (Map<String, Object>) ((Map<String, Object>) sdl.get("profiles")).get("compute");
        assertTrue(compute.toString().contains("persistent=true"), "persistent volumes");
        Map<String, Object> placement = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) sdl.get("profiles")).get("placement"))
                .values().iterator().next();
        ((Map<String, Map<String, Object>>) placement.get("pricing")).values()
                .forEach(p -> assertTrue(((Number) p.get("amount")).intValue() <= 100, "ceilings near the market: " + p));
    }
}
