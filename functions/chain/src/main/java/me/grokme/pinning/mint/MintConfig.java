package me.grokme.pinning.mint;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.capsule.CapsuleSpec;
import me.grokme.pinning.capsule.Capsules;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.chain.MintEventAbi;
import me.grokme.pinning.chain.MintSource;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.ledger.TokenKeys;
import me.grokme.pinning.secrets.SecretRef;

/**
 * What a mint is and how it is pinned — the settings the pin webhook and the chain reconciliation share, so
 * both read a log the same way: the capsules ({@link Capsules}: {@code CAPSULES}, or the one-capsule shorthand
 * {@code CONTRACT_ADDRESSES}, {@code MINT_MODE}, {@code MINT_EVENT_ABI}…, {@code CAPSULE}), {@code CHAIN_IDS} (the
 * chains followed; default: the capsules'), the chains' JSON-RPC endpoints (secret references: RPC URLs usually embed an
 * API key) — {@code CHAIN_RPC_URLS} ({@code <chainId>=<secret ref>}, comma-separated, one per chain) or its one-chain
 * shorthand {@code CHAIN_RPC_URL}; required for each chain an erc721 capsule is on — and {@code DEEP_PINNING}.
 */
public record MintConfig(Set<Long> chainIds, List<Capsule> capsules, Map<Long, SecretRef> rpcUrls, boolean deepPinning, TokenKeys tokenKeys) {

    public static final String RPC_URLS = "CHAIN_RPC_URLS";
    public static final String RPC_URL = "CHAIN_RPC_URL";

    public static final String DEFAULT_EVENT = Capsules.DEFAULT_EVENT;

    /** A capsule with its mint source decoded (the event's ABI parsed). */
    public record Capsule(CapsuleSpec spec, MintSource source) {

        public String name() {
            return spec.name();
        }

        public IntakePolicy policy(boolean deepPinning) {
            return new IntakePolicy(spec.name(), spec.replicationMin(), spec.replicationMax(), deepPinning);
        }

        MintDecoder.Route route() {
            return new MintDecoder.Route(spec.chainIds(), spec.contracts(), source);
        }
    }

    public MintConfig {
        chainIds = Set.copyOf(chainIds);
        capsules = List.copyOf(capsules);
        rpcUrls = Map.copyOf(rpcUrls);
        if (capsules.isEmpty()) {
            throw new IllegalArgumentException("at least one capsule");
        }
    }

    /** Reads the shared variables, adding every problem to {@code env} (the caller validates). */
    public static MintConfig read(Env env) {
        Capsules specs = Capsules.read(env);
        List<Capsule> capsules = specs.all().stream().map(spec -> new Capsule(spec, source(spec, env))).toList();
        Set<Long> chains = new LinkedHashSet<>();
        if (env.optional("CHAIN_IDS", "").isBlank()) {
            specs.all().forEach(c -> chains.addAll(c.chainIds()));
        } else {
            for (String c : env.csv("CHAIN_IDS", "")) {
                try {
                    chains.add(Long.parseLong(c));
                } catch (NumberFormatException e) {
                    env.problem("CHAIN_IDS holds a non-numeric chain id: " + c);
                }
            }
        }
        Map<Long, SecretRef> rpc = rpcUrls(env, chains, capsules);
        boolean deep = env.bool("DEEP_PINNING", false);
        if (capsules.isEmpty()) {
            // Only with problems already recorded (validate() reports them): keep the record well-formed meanwhile.
            capsules = List.of(new Capsule(new CapsuleSpec(specs.legacyCapsule(), Set.of(1L), Set.of(), CapsuleSpec.EVENT, DEFAULT_EVENT,
                    "tokenId", "ipfsURI", 1, 1, 0), new MintSource.Erc721Transfer()));
        }
        return new MintConfig(chains, capsules, rpc, deep, specs.tokenKeys());
    }

    /**
     * Each chain's RPC: {@code CHAIN_RPC_URLS}, or {@code CHAIN_RPC_URL} for the one chain it can be (the only chain an
     * erc721 capsule is on, else the only chain followed); every chain an erc721 capsule is on needs one (its mints'
     * tokenURI is read there). Problems name the variable and the entry.
     */
    private static Map<Long, SecretRef> rpcUrls(Env env, Set<Long> chains, List<Capsule> capsules) {
        Set<Long> erc721Chains = new java.util.TreeSet<>();
        capsules.stream().filter(c -> c.source() instanceof MintSource.Erc721Transfer)
                .forEach(c -> c.spec().chainIds().stream().filter(chains::contains).forEach(erc721Chains::add));
        boolean several = !env.optional(RPC_URLS, "").isBlank();
        Map<Long, SecretRef> out = new java.util.TreeMap<>();
        if (several && !env.optional(RPC_URL, "").isBlank()) {
            env.problem(RPC_URLS + " and " + RPC_URL + " are both set: " + RPC_URL + " is the one-chain shorthand of " + RPC_URLS + ", set one");
        } else if (several) {
            readRpcUrls(env, out);
        } else {
            Optional<SecretRef> one = env.secret(RPC_URL, false);
            Set<Long> candidates = erc721Chains.isEmpty() ? chains : erc721Chains;
            if (one.isPresent() && candidates.size() == 1) {
                out.put(candidates.iterator().next(), one.get());
            } else if (one.isPresent() && !erc721Chains.isEmpty()) {
                env.problem(RPC_URL + " is one chain's RPC, but erc721 capsules are on chains " + erc721Chains + ": set " + RPC_URLS
                        + " (<chainId>=<secret ref>, comma-separated) instead");
                return out;
            }
        }
        for (long chain : erc721Chains) {
            if (!out.containsKey(chain)) {
                env.problem((several ? RPC_URLS + " has no entry for chain " + chain : RPC_URL + " is required")
                        + ": an erc721 capsule is on chain " + chain + " (its tokenURI is read there; a secret reference to the chain's JSON-RPC URL)");
            }
        }
        return out;
    }

    private static void readRpcUrls(Env env, Map<Long, SecretRef> out) {
        List<String> entries = List.copyOf(env.csv(RPC_URLS, ""));
        for (int i = 0; i < entries.size(); i++) {
            String entry = entries.get(i);
            int eq = entry.indexOf('=');
            String where = RPC_URLS + " entry " + (i + 1);
            long chain;
            try {
                chain = eq < 0 ? -1 : Long.parseLong(entry.substring(0, eq).strip());
            } catch (NumberFormatException e) {
                chain = -1;
            }
            if (chain < 1) {
                env.problem(where + ": must be <chainId>=<secret ref> with a positive numeric chain id");
                continue;
            }
            if (out.containsKey(chain)) {
                env.problem(where + ": chain " + chain + " is named twice");
                continue;
            }
            try {
                out.put(chain, SecretRef.parse(entry.substring(eq + 1).strip()));
            } catch (IllegalArgumentException e) {
                env.problem(where + " (chain " + chain + "): " + e.getMessage());
            }
        }
    }

    /** The RPC of {@code chainId}, when one is configured. */
    public Optional<SecretRef> rpcUrl(long chainId) {
        return Optional.ofNullable(rpcUrls.get(chainId));
    }

    private static MintSource source(CapsuleSpec spec, Env env) {
        if (spec.mode().equals(CapsuleSpec.ERC721)) {
            // Transfer(address(0), to, tokenId); the URI comes from tokenURI via CHAIN_RPC_URL (required then).
            return new MintSource.Erc721Transfer();
        }
        try {
            return new MintSource.UriEvent(MintEventAbi.parse(spec.eventAbi(), spec.tokenParam(), spec.uriParam()));
        } catch (IllegalArgumentException e) {
            env.problem((env.optional(Capsules.VARIABLE, "").isBlank() ? "MINT_EVENT_ABI" : Capsules.VARIABLE + " capsule " + spec.name()
                    + " eventAbi") + ": " + e.getMessage());
            return new MintSource.Erc721Transfer();
        }
    }

    /** Decodes the logs of every capsule. */
    public MintDecoder decoder() {
        return new MintDecoder(capsules.stream().map(Capsule::route).toList(), chainIds);
    }

    /** Decodes one capsule's logs only (the reconciliation reads each capsule's contract as its own stream). */
    public MintDecoder decoder(Capsule capsule) {
        return new MintDecoder(List.of(capsule.route()), chainIds);
    }

    /** How each capsule's mints are pinned, found by the log's chain and contract. */
    public IntakePolicies policies() {
        return (chainId, contract) -> capsules.stream().filter(c -> c.spec().follows(chainId, contract)).findFirst()
                .map(c -> c.policy(deepPinning));
    }

    public Optional<Capsule> capsule(String name) {
        return capsules.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The first capsule's policy (the only one with the shorthand). */
    public IntakePolicy policy() {
        return capsules.get(0).policy(deepPinning);
    }

    /** The first capsule's source (the only one with the shorthand). */
    public MintSource source() {
        return capsules.get(0).source();
    }

    /** Every followed contract, of every capsule. */
    public Set<String> contracts() {
        Set<String> out = new LinkedHashSet<>();
        capsules.forEach(c -> out.addAll(c.spec().contracts()));
        return out;
    }
}
