package me.grokme.pinning.mint;

import java.util.LinkedHashSet;
import java.util.List;
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
 * chains followed; default: the capsules'), {@code CHAIN_RPC_URL} (a secret reference: RPC URLs usually embed an API
 * key; required when a capsule is in erc721 mode), {@code DEEP_PINNING}.
 */
public record MintConfig(Set<Long> chainIds, List<Capsule> capsules, Optional<SecretRef> rpcUrl, boolean deepPinning, TokenKeys tokenKeys) {

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
        boolean erc721 = capsules.stream().anyMatch(c -> c.source() instanceof MintSource.Erc721Transfer);
        Optional<SecretRef> rpc = env.secret("CHAIN_RPC_URL", erc721);
        boolean deep = env.bool("DEEP_PINNING", false);
        if (capsules.isEmpty()) {
            // Only with problems already recorded (validate() reports them): keep the record well-formed meanwhile.
            capsules = List.of(new Capsule(new CapsuleSpec(specs.legacyCapsule(), Set.of(1L), Set.of(), CapsuleSpec.EVENT, DEFAULT_EVENT,
                    "tokenId", "ipfsURI", 1, 1, 0), new MintSource.Erc721Transfer()));
        }
        return new MintConfig(chains, capsules, rpc, deep, specs.tokenKeys());
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
