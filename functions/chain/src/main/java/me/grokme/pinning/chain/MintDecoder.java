package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;

/**
 * Filters logs by chain, contract and topic0, and decodes the mint's token id (and URI, when the event
 * carries it) with web3j. Two sources of mints: the configured event with a URI parameter (GROKME's
 * {@code Grokked}), or, in ERC-721 mode, the standard {@code Transfer(address(0), to, tokenId)} whose URI
 * is read afterwards with {@code tokenURI(tokenId)}. In both modes, ERC-4906 metadata updates and ERC-2309
 * consecutive mints of a configured contract are decoded as token ranges ({@link TokenEvents}).
 */
public final class MintDecoder {

    /** keccak256("Transfer(address,address,uint256)"), shared by ERC-20 (3 topics) and ERC-721 (4 topics). */
    public static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    /** The zero address as a 32-byte topic: the {@code from} of a mint. */
    public static final String ZERO_ADDRESS_TOPIC = "0x" + "0".repeat(64);

    /**
     * Which logs mint by which source: the contracts of each capsule on its chains (a capsule per contract, so a log
     * matches at most one route).
     */
    public record Route(Set<Long> chainIds, Set<String> contracts, MintSource source) {

        public Route {
            chainIds = Set.copyOf(chainIds);
            contracts = contracts.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        }

        boolean matches(ChainLog log) {
            return chainIds.contains(log.chainId()) && contracts.contains(log.contract());
        }
    }

    private final List<Route> routes;
    private final Set<Long> chainIds;

    public MintDecoder(MintEventAbi abi, Set<Long> chainIds, Set<String> contracts) {
        this(new MintSource.UriEvent(abi), chainIds, contracts);
    }

    public MintDecoder(MintSource source, Set<Long> chainIds, Set<String> contracts) {
        this(List.of(new Route(chainIds, contracts, source)), chainIds);
    }

    /** @param chainIds the chains followed at all (a log of another chain is ignored before its contract is looked at) */
    public MintDecoder(List<Route> routes, Set<Long> chainIds) {
        if (routes.isEmpty()) {
            throw new IllegalArgumentException("a decoder needs at least one route");
        }
        this.routes = List.copyOf(routes);
        this.chainIds = Set.copyOf(chainIds);
    }

    /** The source of the first route (the only one of a capsule's own decoder). */
    public MintSource source() {
        return routes.get(0).source();
    }

    /** Every source, a route each. */
    public List<Route> routes() {
        return routes;
    }

    /** The eth_getLogs topic filter that selects exactly the mints (positions: topic0, topic1, …) of the first route. */
    public List<String> topicFilter() {
        return switch (source()) {
            case MintSource.UriEvent e -> List.of(e.abi().topic0());
            case MintSource.Erc721Transfer t -> List.of(TRANSFER_TOPIC, ZERO_ADDRESS_TOPIC);
        };
    }

    /**
     * The topic0s of the second eth_getLogs filter: ERC-4906 metadata updates and ERC-2309 consecutive transfers
     * (a mint filter on {@code Transfer} and {@code from = 0x0} cannot also select them).
     */
    public java.util.Set<String> tokenEventTopics() {
        return TokenEvents.TOPICS;
    }

    public DecodeOutcome decode(ChainLog log) {
        if (!chainIds.contains(log.chainId())) {
            return new DecodeOutcome.Ignored("chain " + log.chainId() + " is not configured", "ignored_other_chain");
        }
        Route route = routes.stream().filter(r -> r.matches(log)).findFirst().orElse(null);
        if (route == null) {
            return new DecodeOutcome.Ignored("contract " + log.contract() + " is not configured", "ignored_other_contract");
        }
        if (TokenEvents.isTokenEvent(log)) {
            // ERC-4906 and ERC-2309 mean the same in either mode: their URIs come from tokenURI.
            return TokenEvents.decode(log);
        }
        return switch (route.source()) {
            case MintSource.UriEvent e -> decodeUriEvent(e.abi(), log);
            case MintSource.Erc721Transfer t -> decodeTransfer(log);
        };
    }

    private static DecodeOutcome decodeTransfer(ChainLog log) {
        if (log.topics().isEmpty() || !log.topics().get(0).equals(TRANSFER_TOPIC)) {
            return new DecodeOutcome.Ignored("not a Transfer event (topic0)", "ignored_other_event");
        }
        if (log.topics().size() != 4) {
            // ERC-20's Transfer has the same topic0 but a non-indexed amount: 3 topics.
            return new DecodeOutcome.Ignored("a Transfer with " + log.topics().size() + " topics is not ERC-721's", "ignored_other_event");
        }
        if (!log.topics().get(1).equals(ZERO_ADDRESS_TOPIC)) {
            return new DecodeOutcome.Ignored("a transfer between holders, not a mint", "ignored_transfer");
        }
        if (log.topics().get(2).equals(ZERO_ADDRESS_TOPIC)) {
            return new DecodeOutcome.Undecodable("Transfer from and to the zero address");
        }
        return new DecodeOutcome.TransferMint(new BigInteger(log.topics().get(3).substring(2), 16), log);
    }

    private static DecodeOutcome decodeUriEvent(MintEventAbi abi, ChainLog log) {
        if (log.topics().isEmpty() || !log.topics().get(0).equals(abi.topic0())) {
            return new DecodeOutcome.Ignored("not the mint event (topic0)", "ignored_other_event");
        }
        if (log.topics().size() != 1 + abi.indexedCount()) {
            return new DecodeOutcome.Undecodable("expected " + (1 + abi.indexedCount()) + " topics, got " + log.topics().size());
        }
        Optional<String> uriBounds = AbiStrings.problem(log.data(), abi.uriHeadWord());
        if (uriBounds.isPresent()) {
            return new DecodeOutcome.Undecodable(uriBounds.get());
        }
        try {
            List<Type> nonIndexed = FunctionReturnDecoder.decode(log.data(), abi.event().getNonIndexedParameters());
            if (nonIndexed.size() != abi.event().getNonIndexedParameters().size()) {
                return new DecodeOutcome.Undecodable("data does not hold the event's non-indexed parameters");
            }
            BigInteger tokenId = null;
            String uri = null;
            int topic = 1;
            int data = 0;
            List<TypeReference<Type>> indexedRefs = abi.event().getIndexedParameters();
            for (MintEventAbi.Param p : abi.params()) {
                Object value;
                if (p.indexed()) {
                    value = FunctionReturnDecoder.decodeIndexedValue(log.topics().get(topic), indexedRefs.get(topic - 1)).getValue();
                    topic++;
                } else {
                    value = nonIndexed.get(data++).getValue();
                }
                if (p.name().equals(abi.tokenParam())) {
                    tokenId = (BigInteger) value;
                } else if (p.name().equals(abi.uriParam())) {
                    uri = (String) value;
                }
            }
            if (tokenId == null || uri == null) {
                return new DecodeOutcome.Undecodable("token id or URI missing after decoding");
            }
            return new DecodeOutcome.Mint(tokenId, uri, log);
        } catch (RuntimeException e) {
            // web3j signals bad ABI data with unchecked exceptions (index out of bounds, bad UTF-8…).
            // The exception's class says nothing to a sender; the reason is recorded and answered as it is.
            return new DecodeOutcome.Undecodable("ABI data does not decode as the event's non-indexed parameters");
        }
    }
}
