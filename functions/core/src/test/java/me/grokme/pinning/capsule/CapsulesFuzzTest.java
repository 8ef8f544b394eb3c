package me.grokme.pinning.capsule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Hostile {@code CAPSULES} values: the parser never throws, says what is wrong under the variable's name, and what it
 * accepts is well-formed and unambiguous (a name and a chain and contract name one capsule each).
 */
class CapsulesFuzzTest {

    private static final String SEED = "[{\"name\":\"genesis\",\"chainId\":1,\"contract\":\"0x" + "ab".repeat(20) + "\",\"mode\":\"event\","
            + "\"startBlock\":5},{\"name\":\"frames\",\"chainId\":1,\"contract\":\"0x" + "cd".repeat(20) + "\",\"mode\":\"erc721\","
            + "\"replicationMin\":3,\"replicationMax\":5}]";

    @Provide
    Arbitrary<String> values() {
        Arbitrary<String> mutated = Arbitraries.integers().between(0, SEED.length() - 1)
                .flatMap(i -> Arbitraries.chars().ascii().map(c -> SEED.substring(0, i) + c + SEED.substring(i + 1)));
        Arbitrary<String> truncated = Arbitraries.integers().between(0, SEED.length()).map(i -> SEED.substring(0, i));
        Arbitrary<String> spliced = Arbitraries.integers().between(0, SEED.length()).flatMap(i -> Arbitraries.of("{}", "[]", "null",
                "-1", "1e400", "\"\\u0000\"", "99999999999999999999999", ",", "\"name\":\"genesis\",", "{\"chainId\":1.5}")
                .map(x -> SEED.substring(0, i) + x + SEED.substring(i)));
        Arbitrary<String> random = Arbitraries.strings().all().ofMaxLength(200);
        Arbitrary<String> json = Arbitraries.strings().withChars("[]{}\":,0123456789abcdefx-nametoc ").ofMaxLength(150);
        return Arbitraries.oneOf(mutated, truncated, spliced, random, json);
    }

    @Property
    void parsingYieldsValidCapsulesOrProblemsNamingTheVariable(@ForAll("values") String value) {
        List<String> problems = new ArrayList<>();
        List<CapsuleSpec> capsules = Capsules.parse(value, problems::add);
        assertTrue(problems.stream().allMatch(p -> p.startsWith("CAPSULES")), problems.toString());
        assertTrue(!capsules.isEmpty() || !problems.isEmpty(), "an empty result is explained");
        assertTrue(capsules.stream().map(CapsuleSpec::name).distinct().count() == capsules.size(), "names are unique");
        for (CapsuleSpec c : capsules) {
            assertTrue(Capsules.NAME.matcher(c.name()).matches(), c.name());
            assertTrue(c.contracts().stream().allMatch(a -> a.matches("0x[0-9a-f]{40}")), c.contracts().toString());
            assertTrue(c.chainIds().stream().allMatch(id -> id > 0));
            assertTrue(c.startBlock() >= 0 && c.replicationMin() >= 1 && c.replicationMin() <= c.replicationMax());
            long followers = capsules.stream().filter(o -> c.contracts().stream()
                    .anyMatch(a -> c.chainIds().stream().anyMatch(ch -> o.follows(ch, a)))).count();
            assertTrue(followers == 1, "a chain and contract is one capsule's");
        }
    }
}
