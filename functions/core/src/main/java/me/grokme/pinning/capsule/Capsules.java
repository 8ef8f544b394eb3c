package me.grokme.pinning.capsule;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.ledger.TokenKeys;

/**
 * The configured capsules, read once: either {@code CAPSULES}, a JSON array with one object per capsule, e.g.
 * <pre>
 * [{"name":"genesis","chainId":1,"contract":"0x…","mode":"event","startBlock":19000000},
 *  {"name":"frames","chainId":1,"contract":"0x…","mode":"erc721","replicationMin":3,"replicationMax":5}]
 * </pre>
 * (keys: {@code name}, {@code chainId}, {@code contract} required; {@code mode} {@code event}/{@code erc721}, default
 * event; {@code eventAbi}, {@code tokenParam}, {@code uriParam}, {@code replicationMin}, {@code replicationMax},
 * {@code startBlock} default to the single-capsule variables below), or the single-capsule shorthand of the variables
 * that came before: {@code CAPSULE} (default genesis), {@code CHAIN_IDS}, {@code CONTRACT_ADDRESSES}, {@code MINT_MODE},
 * {@code MINT_EVENT_ABI}/{@code MINT_TOKEN_PARAM}/{@code MINT_URI_PARAM}, {@code REPLICATION_MIN}/{@code MAX},
 * {@code RECONCILE_START_BLOCK}. Every problem names the variable and the entry.
 *
 * <p>A (chain, contract) mints one capsule's tokens, and a capsule's name is its identity, so both are unique. The
 * tokens recorded before capsules belong to the capsule named by {@code CAPSULE} (default genesis): see {@link TokenKeys}.
 */
public record Capsules(List<CapsuleSpec> all, String legacyCapsule) {

    public static final String VARIABLE = "CAPSULES";
    public static final String DEFAULT_EVENT = "Grokked(uint256 indexed tokenId, string ipfsURI)";
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Set<String> KEYS = Set.of("name", "chainId", "contract", "mode", "eventAbi", "tokenParam", "uriParam",
            "replicationMin", "replicationMax", "startBlock");
    private static final int MAX_CAPSULES = 64;

    public Capsules {
        all = List.copyOf(all);
    }

    /** How token partitions are keyed: the legacy capsule keeps {@code TOKEN#<id>}. */
    public TokenKeys tokenKeys() {
        return new TokenKeys(legacyCapsule);
    }

    public Optional<CapsuleSpec> named(String name) {
        return all.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The capsule whose tokens a log of this chain and contract mints; empty for a contract no capsule follows. */
    public Optional<CapsuleSpec> forLog(long chainId, String contract) {
        String c = contract.toLowerCase(Locale.ROOT);
        return all.stream().filter(s -> s.follows(chainId, c)).findFirst();
    }

    public List<String> names() {
        return all.stream().map(CapsuleSpec::name).toList();
    }

    /** Reads the capsules, adding every problem to {@code env} (the caller validates). */
    public static Capsules read(Env env) {
        String legacy = env.optional("CAPSULE", TokenKeys.DEFAULT_LEGACY_CAPSULE);
        if (!NAME.matcher(legacy).matches()) {
            env.problem("CAPSULE must be lower-case letters, digits and dashes (1-32): " + legacy);
        }
        Defaults d = Defaults.read(env);
        String json = env.optional(VARIABLE, "").strip();
        if (json.isEmpty()) {
            return new Capsules(List.of(shorthand(env, legacy, d)), legacy);
        }
        if (!env.csv("CONTRACT_ADDRESSES", "").isEmpty()) {
            env.problem("set CAPSULES or CONTRACT_ADDRESSES (the one-capsule shorthand), not both");
        }
        return new Capsules(parse(json, d, env::problem), legacy);
    }

    /**
     * The capsules as the read-only status function needs them (their names, and which one keeps the legacy keys):
     * {@code CAPSULES} when set, else the one capsule {@code CAPSULE} names, its contracts not needed.
     */
    public static Capsules readNames(Env env) {
        String legacy = env.optional("CAPSULE", TokenKeys.DEFAULT_LEGACY_CAPSULE);
        if (!NAME.matcher(legacy).matches()) {
            env.problem("CAPSULE must be lower-case letters, digits and dashes (1-32): " + legacy);
            legacy = TokenKeys.DEFAULT_LEGACY_CAPSULE;
        }
        String json = env.optional(VARIABLE, "").strip();
        Defaults d = Defaults.BUILT_IN;
        if (json.isEmpty()) {
            return new Capsules(List.of(new CapsuleSpec(legacy, Set.of(), Set.of(), CapsuleSpec.EVENT, d.eventAbi(), d.tokenParam(),
                    d.uriParam(), d.replicationMin(), d.replicationMax(), d.startBlock())), legacy);
        }
        return new Capsules(parse(json, d, env::problem), legacy);
    }

    /** The defaults an entry of {@code CAPSULES} takes from the single-capsule variables. */
    record Defaults(String eventAbi, String tokenParam, String uriParam, int replicationMin, int replicationMax, long startBlock) {

        static Defaults read(Env env) {
            int rmin = env.integer("REPLICATION_MIN", 3, 1, 100);
            int rmax = env.integer("REPLICATION_MAX", 5, 1, 100);
            if (rmin > rmax) {
                env.problem("REPLICATION_MIN (" + rmin + ") is larger than REPLICATION_MAX (" + rmax + ")");
                rmax = rmin;
            }
            String startText = env.optional("RECONCILE_START_BLOCK", "0");
            long start = 0;
            try {
                start = Long.parseLong(startText);
                if (start < 0) {
                    env.problem("RECONCILE_START_BLOCK must not be negative: " + startText);
                    start = 0;
                }
            } catch (NumberFormatException e) {
                env.problem("RECONCILE_START_BLOCK must be a block number: " + startText);
            }
            return new Defaults(env.optional("MINT_EVENT_ABI", DEFAULT_EVENT), env.optional("MINT_TOKEN_PARAM", "tokenId"),
                    env.optional("MINT_URI_PARAM", "ipfsURI"), rmin, rmax, start);
        }

        static final Defaults BUILT_IN = new Defaults(DEFAULT_EVENT, "tokenId", "ipfsURI", 3, 5, 0);
    }

    private static CapsuleSpec shorthand(Env env, String name, Defaults d) {
        Set<Long> chains = new LinkedHashSet<>();
        for (String c : env.csv("CHAIN_IDS", "1")) {
            try {
                chains.add(Long.parseLong(c));
            } catch (NumberFormatException e) {
                env.problem("CHAIN_IDS holds a non-numeric chain id: " + c);
            }
        }
        Set<String> contracts = new LinkedHashSet<>();
        for (String c : env.csv("CONTRACT_ADDRESSES", "")) {
            if (ADDRESS.matcher(c).matches()) {
                contracts.add(c.toLowerCase(Locale.ROOT));
            } else {
                env.problem("CONTRACT_ADDRESSES holds something that is not a 0x address: " + c);
            }
        }
        if (contracts.isEmpty()) {
            env.problem("CONTRACT_ADDRESSES is required (comma-separated 0x addresses), or CAPSULES (a JSON array of capsules)");
        }
        String mode = env.optional("MINT_MODE", CapsuleSpec.EVENT).toLowerCase(Locale.ROOT);
        if (!mode.equals(CapsuleSpec.EVENT) && !mode.equals(CapsuleSpec.ERC721)) {
            env.problem("MINT_MODE must be event or erc721, got " + mode);
            mode = CapsuleSpec.EVENT;
        }
        return new CapsuleSpec(NAME.matcher(name).matches() ? name : TokenKeys.DEFAULT_LEGACY_CAPSULE, chains, contracts, mode,
                d.eventAbi(), d.tokenParam(), d.uriParam(), d.replicationMin(), d.replicationMax(), d.startBlock());
    }

    /** Where a problem goes: {@link Env#problem} in the functions, a list in tests and fuzzing. */
    public interface Problems {
        void add(String problem);
    }

    /** Parses a {@code CAPSULES} value; every problem goes to {@code problems} and its entry is left out. Never throws. */
    public static List<CapsuleSpec> parse(String json, Problems problems) {
        return parse(json, Defaults.BUILT_IN, problems);
    }

    static List<CapsuleSpec> parse(String json, Defaults d, Problems problems) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (Exception e) {
            problems.add(VARIABLE + " is not valid JSON (expected an array of capsule objects)");
            return List.of();
        }
        if (root == null || !root.isArray() || root.isEmpty()) {
            problems.add(VARIABLE + " must be a non-empty JSON array of capsule objects");
            return List.of();
        }
        if (root.size() > MAX_CAPSULES) {
            problems.add(VARIABLE + " holds " + root.size() + " capsules, at most " + MAX_CAPSULES);
            return List.of();
        }
        List<CapsuleSpec> out = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            int index = i + 1;
            entry(root.get(i), index, d, problems).ifPresent(spec -> {
                String clash = out.stream().filter(o -> o.name().equals(spec.name())).map(o -> "the name " + spec.name()).findFirst()
                        .or(() -> out.stream().filter(o -> spec.contracts().stream().anyMatch(c -> spec.chainIds().stream().anyMatch(ch -> o.follows(ch, c))))
                                .map(o -> "chain and contract with capsule " + o.name()).findFirst())
                        .orElse("");
                if (clash.isEmpty()) {
                    out.add(spec);
                } else {
                    problems.add(VARIABLE + " entry " + index + " (" + spec.name() + ") shares " + clash
                            + ": a capsule's name and each chain and contract name one capsule only");
                }
            });
        }
        return out;
    }

    private static Optional<CapsuleSpec> entry(JsonNode e, int index, Defaults d, Problems problems) {
        String entry = VARIABLE + " entry " + index;
        if (!e.isObject()) {
            problems.add(entry + " is not a JSON object");
            return Optional.empty();
        }
        List<String> found = new ArrayList<>();
        e.fieldNames().forEachRemaining(k -> {
            if (!KEYS.contains(k)) {
                found.add(entry + " has an unknown key " + quoted(k) + " (known: name, chainId, contract, mode, eventAbi, tokenParam, "
                        + "uriParam, replicationMin, replicationMax, startBlock)");
            }
        });
        String at = entry;
        String name = text(e, "name");
        if (!NAME.matcher(name).matches()) {
            found.add(at + ": name must be lower-case letters, digits and dashes (1-32), got " + quoted(name));
        } else {
            at = at + " (" + name + ")";
        }
        long chain = number(e, "chainId", -1, at, found);
        if (chain < 1) {
            found.add(at + ": chainId must be a positive integer");
        }
        String contract = text(e, "contract");
        if (!ADDRESS.matcher(contract).matches()) {
            found.add(at + ": contract must be a 0x address (40 hex digits), got " + quoted(contract));
        }
        String mode = e.has("mode") ? text(e, "mode").toLowerCase(Locale.ROOT) : CapsuleSpec.EVENT;
        if (!mode.equals(CapsuleSpec.EVENT) && !mode.equals(CapsuleSpec.ERC721)) {
            found.add(at + ": mode must be event or erc721, got " + quoted(mode));
        }
        long rmin = number(e, "replicationMin", d.replicationMin(), at, found);
        long rmax = number(e, "replicationMax", d.replicationMax(), at, found);
        if (rmin < 1 || rmax > 100 || rmin > rmax) {
            found.add(at + ": replication must satisfy 1 <= replicationMin <= replicationMax <= 100, got " + rmin + "/" + rmax);
        }
        long start = number(e, "startBlock", d.startBlock(), at, found);
        if (start < 0) {
            found.add(at + ": startBlock must not be negative");
        }
        String abi = e.has("eventAbi") ? text(e, "eventAbi") : d.eventAbi();
        String tokenParam = e.has("tokenParam") ? text(e, "tokenParam") : d.tokenParam();
        String uriParam = e.has("uriParam") ? text(e, "uriParam") : d.uriParam();
        if (!found.isEmpty()) {
            found.forEach(problems::add);
            return Optional.empty();
        }
        return Optional.of(new CapsuleSpec(name, Set.of(chain), Set.of(contract.toLowerCase(Locale.ROOT)), mode, abi, tokenParam, uriParam,
                (int) rmin, (int) rmax, start));
    }

    private static String text(JsonNode e, String key) {
        JsonNode v = e.get(key);
        return v != null && v.isTextual() ? v.asText() : "";
    }

    private static long number(JsonNode e, String key, long fallback, String at, List<String> found) {
        JsonNode v = e.get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            found.add(at + ": " + key + " must be an integer");
            return fallback;
        }
        return v.asLong();
    }

    /** Quotes a value from the variable for an error, bounded (it may be anything). */
    private static String quoted(String s) {
        return "\"" + (s.length() > 60 ? s.substring(0, 60) + "…" : s) + "\"";
    }
}
