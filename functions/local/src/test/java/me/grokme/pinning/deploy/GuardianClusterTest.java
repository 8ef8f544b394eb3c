package me.grokme.pinning.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.devcluster.ClusterBinaries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The guardian cluster (infrastructure/guardians): a follower cluster of its own, whose only trusted peer is our
 * publisher, so guardians never hold the trusted cluster's secret and cannot change any pinset.
 */
class GuardianClusterTest {

    private static final Path CLUSTER = Path.of("../../infrastructure/ipfs-cluster");
    private static final Path GUARDIANS = Path.of("../../infrastructure/guardians");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path dir;
    private static Map<String, String> host;
    private static Map<String, String> publisher;

    @BeforeAll
    static void generate() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/python3")) && Files.isExecutable(Path.of("/usr/bin/openssl")),
                "python3 and openssl are needed to generate cluster secrets: skipping");
        dir = Files.createTempDirectory("guardians");
        run("python3", CLUSTER.resolve("scripts/gen-secrets.py").toString(), "--out", dir.resolve(".env").toString(),
                "--hosts", "eu=eu.cluster.example.org");
        run("python3", GUARDIANS.resolve("gen-guardians.py").toString(), "--host-env", dir.resolve("host-eu.env").toString(),
                "--out", dir.resolve("g").toString());
        host = read(dir.resolve("host-eu.env"));
        publisher = read(dir.resolve("g/publisher.env"));
    }

    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
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
    void guardiansFollowTheirOwnClusterWhoseOnlyTrustedPeerIsThePublisher() throws Exception {
        JsonNode follower = JSON.readTree(dir.resolve("g/follower.json").toFile());
        String publisherId = publisher.get("PUBLISHER_ID");
        assertNotEquals(host.get("CLUSTER_SECRET"), follower.at("/cluster/secret").asText(), "never the trusted cluster's secret");
        assertEquals(publisher.get("GUARDIAN_SECRET"), follower.at("/cluster/secret").asText());
        assertEquals(List.of(publisherId), texts(follower.at("/consensus/crdt/trusted_peers")));
        assertTrue(!host.get("TRUSTED_PEERS").contains(publisherId), "the publisher is no peer of the trusted cluster");
        assertEquals("grokme-guardians", follower.at("/consensus/crdt/cluster_name").asText(), "its own pubsub topic");
        assertEquals(List.of("/dns4/eu.cluster.example.org/tcp/9196/p2p/" + publisherId), texts(follower.at("/cluster/peer_addresses")));
        assertEquals(-1, follower.at("/cluster/replication_factor_min").asInt(), "pins are everywhere: every guardian holds all");
        assertTrue(follower.at("/api").isMissingNode(), "a follower serves no API");
        assertTrue(publisher.keySet().stream().noneMatch(k -> k.contains("PRIVATE") || k.equals("CLUSTER_SECRET")), publisher.keySet().toString());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void theRealClusterDaemonLoadsTheFollowerConfigurationAndRefusesABrokenOne() throws Exception {
        Optional<ClusterBinaries> bin = ClusterBinaries.find();
        assumeTrue(bin.isPresent() || ClusterBinaries.required(), ClusterBinaries.missing());
        Path cfg = Files.createDirectories(dir.resolve("follower-peer"));
        Files.copy(dir.resolve("g/follower.json"), cfg.resolve("service.json"));
        Files.copy(dir.resolve("g/publisher-identity.json"), cfg.resolve("identity.json"));
        // `state export` loads and validates every section, then opens the CRDT store: no kubo, no network.
        String out = run(bin.orElseThrow().clusterService().toString(), "-c", cfg.toString(), "state", "export");
        assertTrue(out.contains("state successfully exported"), out);
        ObjectNode broken = (ObjectNode) JSON.readTree(cfg.resolve("service.json").toFile());
        ((ObjectNode) broken.get("consensus").get("crdt")).put("trusted_peers", "not-a-list");
        JSON.writeValue(cfg.resolve("service.json").toFile(), broken);
        Process p = new ProcessBuilder(bin.get().clusterService().toString(), "-c", cfg.toString(), "state", "export")
                .redirectErrorStream(true).start();
        String err = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertNotEquals(0, p.exitValue(), "the check can fail: " + err);
    }

    @Test
    void thePublishersComposeIsValidWithItsEnvFile() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/docker-compose")), "docker-compose (Debian package) not installed: skipping");
        String out = run("docker-compose", "--project-directory", GUARDIANS.toString(), "-f", GUARDIANS.resolve("docker-compose.yml").toString(),
                "--env-file", dir.resolve("g/publisher.env").toString(), "config");
        assertTrue(out.contains("CLUSTER_SECRET: " + publisher.get("GUARDIAN_SECRET")), "the publisher runs with the guardian secret");
        assertTrue(!out.contains(host.get("CLUSTER_SECRET")), "the trusted cluster's secret is nowhere in the guardians' files");
        assertTrue(out.contains("/dns4/eu.cluster.example.org/tcp/9196"), out);
        assertTrue(run("sh", "-n", GUARDIANS.resolve("republish.sh").toString()).isEmpty());
    }
}
