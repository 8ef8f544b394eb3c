package me.grokme.pinning.mint;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import me.grokme.pinning.chain.MintDecoder;
import me.grokme.pinning.chain.MintEventAbi;
import me.grokme.pinning.chain.MintSource;
import me.grokme.pinning.config.Env;
import me.grokme.pinning.secrets.SecretRef;

/**
 * What a mint is and how it is pinned — the settings the pin webhook and the chain reconciliation share, so
 * both read a log the same way: {@code CHAIN_IDS}, {@code CONTRACT_ADDRESSES}, {@code MINT_MODE}
 * ({@code event} with {@code MINT_EVENT_ABI}/{@code MINT_TOKEN_PARAM}/{@code MINT_URI_PARAM}, or
 * {@code erc721}), {@code CHAIN_RPC_URL} (a secret reference: RPC URLs usually embed an API key; required
 * for erc721), {@code CAPSULE}, {@code REPLICATION_MIN}/{@code MAX}, {@code DEEP_PINNING}.
 */
public record MintConfig(Set<Long> chainIds, Set<String> contracts, MintSource source, Optional<SecretRef> rpcUrl,
        IntakePolicy policy) {

    public static final String DEFAULT_EVENT = "Grokked(uint256 indexed tokenId, string ipfsURI)";
    private static final Pattern ADDRESS = Pattern.compile("0x[0-9a-fA-F]{40}");
    private static final Pattern CAPSULE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    public MintConfig {
        chainIds = Set.copyOf(chainIds);
        contracts = Set.copyOf(contracts);
    }

    /** Reads the shared variables, adding every problem to {@code env} (the caller validates). */
    public static MintConfig read(Env env) {
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
            env.problem("CONTRACT_ADDRESSES is required (comma-separated 0x addresses)");
        }
        String mode = env.optional("MINT_MODE", "event").toLowerCase(Locale.ROOT);
        MintSource source = new MintSource.Erc721Transfer();
        Optional<SecretRef> rpc = env.secret("CHAIN_RPC_URL", mode.equals("erc721"));
        switch (mode) {
            case "event" -> {
                try {
                    source = new MintSource.UriEvent(MintEventAbi.parse(env.optional("MINT_EVENT_ABI", DEFAULT_EVENT),
                            env.optional("MINT_TOKEN_PARAM", "tokenId"), env.optional("MINT_URI_PARAM", "ipfsURI")));
                } catch (IllegalArgumentException e) {
                    env.problem("MINT_EVENT_ABI: " + e.getMessage());
                }
            }
            case "erc721" -> {
                // Transfer(address(0), to, tokenId); the URI comes from tokenURI via CHAIN_RPC_URL (required above).
            }
            default -> env.problem("MINT_MODE must be event or erc721, got " + mode);
        }
        String capsule = env.optional("CAPSULE", "genesis");
        if (!CAPSULE.matcher(capsule).matches()) {
            env.problem("CAPSULE must be lower-case letters, digits and dashes (1-32): " + capsule);
        }
        int rmin = env.integer("REPLICATION_MIN", 3, 1, 100);
        int rmax = env.integer("REPLICATION_MAX", 5, 1, 100);
        if (rmin > rmax) {
            env.problem("REPLICATION_MIN (" + rmin + ") is larger than REPLICATION_MAX (" + rmax + ")");
            rmax = rmin;
        }
        boolean deep = env.bool("DEEP_PINNING", false);
        return new MintConfig(chains, contracts, source, rpc, new IntakePolicy(capsule, rmin, rmax, deep));
    }

    public MintDecoder decoder() {
        return new MintDecoder(source, chainIds, contracts);
    }
}
