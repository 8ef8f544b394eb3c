package me.grokme.pinning.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.config.ConfigException;
import me.grokme.pinning.config.Env;
import org.junit.jupiter.api.Test;

class CapsulesTest {

    private static final String A = "0x" + "aa".repeat(20);
    private static final String B = "0x" + "bb".repeat(20);

    private static Capsules read(Map<String, String> vars) {
        Env env = new Env(vars);
        Capsules c = Capsules.read(env);
        env.validate();
        return c;
    }

    private static String problems(Map<String, String> vars) {
        return assertThrows(ConfigException.class, () -> read(vars)).getMessage();
    }

    @Test
    void twoCapsulesMapEachChainAndContractToItsOwnNameModeReplicationAndStartBlock() {
        Capsules c = read(Map.of("CAPSULES", "[{\"name\":\"genesis\",\"chainId\":1,\"contract\":\"" + A + "\",\"startBlock\":100},"
                + "{\"name\":\"frames\",\"chainId\":1,\"contract\":\"" + B.toUpperCase().replace("0X", "0x") + "\",\"mode\":\"erc721\","
                + "\"replicationMin\":5,\"replicationMax\":7}]"));
        assertEquals(List.of("genesis", "frames"), c.names());
        CapsuleSpec genesis = c.forLog(1, A).orElseThrow();
        assertEquals("genesis", genesis.name());
        assertEquals(CapsuleSpec.EVENT, genesis.mode());
        assertEquals(Capsules.DEFAULT_EVENT, genesis.eventAbi());
        assertEquals(100, genesis.startBlock());
        assertEquals(3, genesis.replicationMin());
        CapsuleSpec frames = c.forLog(1, B).orElseThrow();
        assertEquals("frames", frames.name());
        assertEquals(CapsuleSpec.ERC721, frames.mode());
        assertEquals(5, frames.replicationMin());
        assertEquals(7, frames.replicationMax());
        assertEquals(0, frames.startBlock());
        assertTrue(c.forLog(2, A).isEmpty(), "another chain's contract is no capsule's");
        assertEquals("genesis", c.legacyCapsule());
    }

    @Test
    void entriesTakeTheirDefaultsFromTheSingleCapsuleVariables() {
        Capsules c = read(Map.of("CAPSULES", "[{\"name\":\"x\",\"chainId\":5,\"contract\":\"" + A + "\"}]", "REPLICATION_MIN", "4",
                "REPLICATION_MAX", "6", "RECONCILE_START_BLOCK", "42", "MINT_EVENT_ABI", "Minted(uint256 indexed id, string uri)",
                "MINT_TOKEN_PARAM", "id", "MINT_URI_PARAM", "uri"));
        CapsuleSpec x = c.all().get(0);
        assertEquals(List.of(4, 6, 42L), List.of(x.replicationMin(), x.replicationMax(), x.startBlock()));
        assertEquals("Minted(uint256 indexed id, string uri)", x.eventAbi());
        assertEquals(List.of("id", "uri"), List.of(x.tokenParam(), x.uriParam()));
    }

    @Test
    void withoutCapsulesTheOldVariablesAreOneCapsule() {
        Capsules c = read(Map.of("CONTRACT_ADDRESSES", A + "," + B, "CHAIN_IDS", "1,137", "MINT_MODE", "erc721", "CAPSULE", "gen2"));
        assertEquals(List.of("gen2"), c.names());
        CapsuleSpec only = c.all().get(0);
        assertEquals(Set.of(1L, 137L), only.chainIds());
        assertEquals(Set.of(A, B), only.contracts());
        assertEquals(CapsuleSpec.ERC721, only.mode());
        assertEquals("gen2", c.legacyCapsule(), "the tokens recorded before capsules are this capsule's");
        assertEquals(List.of("genesis"), read(Map.of("CONTRACT_ADDRESSES", A)).names());
    }

    @Test
    void everyProblemNamesTheVariableAndTheEntry() {
        String p = problems(Map.of("CAPSULES", "[{\"name\":\"Bad Name\",\"chainId\":0,\"contract\":\"0x12\",\"mode\":\"lazy\","
                + "\"replicationMin\":4,\"replicationMax\":2,\"colour\":\"red\"},{\"name\":\"ok\",\"chainId\":1,\"contract\":\"" + A + "\","
                + "\"startBlock\":\"early\"}]"));
        for (String expected : List.of("CAPSULES entry 1: name must be lower-case", "CAPSULES entry 1: chainId must be a positive integer",
                "CAPSULES entry 1: contract must be a 0x address", "CAPSULES entry 1: mode must be event or erc721",
                "CAPSULES entry 1: replication must satisfy", "CAPSULES entry 1 has an unknown key \"colour\"",
                "CAPSULES entry 2 (ok): startBlock must be an integer")) {
            assertTrue(p.contains(expected), expected + " in " + p);
        }
    }

    @Test
    void aNameOrAChainAndContractNamesOneCapsuleOnly() {
        String p = problems(Map.of("CAPSULES", "[{\"name\":\"a\",\"chainId\":1,\"contract\":\"" + A + "\"},"
                + "{\"name\":\"a\",\"chainId\":1,\"contract\":\"" + B + "\"},{\"name\":\"c\",\"chainId\":1,\"contract\":\"" + A + "\"}]"));
        assertTrue(p.contains("CAPSULES entry 2 (a) shares the name a"), p);
        assertTrue(p.contains("CAPSULES entry 3 (c) shares chain and contract with capsule a"), p);
        // The same contract on another chain is another contract.
        assertEquals(2, read(Map.of("CAPSULES", "[{\"name\":\"a\",\"chainId\":1,\"contract\":\"" + A + "\"},"
                + "{\"name\":\"b\",\"chainId\":137,\"contract\":\"" + A + "\"}]")).all().size());
    }

    @Test
    void notJsonNotAnArrayEmptyAndBothFormsAreRefused() {
        assertTrue(problems(Map.of("CAPSULES", "[{")).contains("CAPSULES is not valid JSON"));
        assertTrue(problems(Map.of("CAPSULES", "{\"name\":\"a\"}")).contains("CAPSULES must be a non-empty JSON array"));
        assertTrue(problems(Map.of("CAPSULES", "[]")).contains("CAPSULES must be a non-empty JSON array"));
        assertTrue(problems(Map.of("CAPSULES", "[1]")).contains("CAPSULES entry 1 is not a JSON object"));
        assertTrue(problems(Map.of("CAPSULES", "[{\"name\":\"a\",\"chainId\":1,\"contract\":\"" + A + "\"}]", "CONTRACT_ADDRESSES", B))
                .contains("set CAPSULES or CONTRACT_ADDRESSES"));
        assertTrue(problems(Map.of()).contains("CONTRACT_ADDRESSES is required"));
    }

    @Test
    void theStatusFunctionNeedsOnlyTheNames() {
        Env env = new Env(Map.of());
        Capsules names = Capsules.readNames(env);
        env.validate();
        assertEquals(List.of("genesis"), names.names());
        Map<String, String> vars = new HashMap<>(Map.of("CAPSULES", "[{\"name\":\"a\",\"chainId\":1,\"contract\":\"" + A + "\"},"
                + "{\"name\":\"b\",\"chainId\":1,\"contract\":\"" + B + "\"}]"));
        Env two = new Env(vars);
        assertEquals(List.of("a", "b"), Capsules.readNames(two).names());
        List<String> found = new ArrayList<>();
        assertTrue(Capsules.parse("[{\"name\":\"a\"}]", found::add).isEmpty());
        assertTrue(found.stream().allMatch(f -> f.startsWith("CAPSULES entry 1 (a)")), found.toString());
    }
}
