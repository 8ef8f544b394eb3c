package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The standard events that name tokens without a per-token mint log, decoded the same way in event and ERC-721
 * mode: ERC-4906 {@code MetadataUpdate(uint256 _tokenId)} and {@code BatchMetadataUpdate(uint256 _fromTokenId,
 * uint256 _toTokenId)} (a token's {@code tokenURI} changed; both parameters in the data), and ERC-2309
 * {@code ConsecutiveTransfer(uint256 indexed fromTokenId, uint256 toTokenId, address indexed fromAddress,
 * address indexed toAddress)} (from the zero address: every token of the range was minted).
 */
public final class TokenEvents {

    static final Event METADATA_UPDATE = new Event("MetadataUpdate", List.of(new TypeReference<Uint256>() { }));
    static final Event BATCH_METADATA_UPDATE = new Event("BatchMetadataUpdate",
            List.of(new TypeReference<Uint256>() { }, new TypeReference<Uint256>() { }));

    /** keccak256("MetadataUpdate(uint256)"). */
    public static final String METADATA_UPDATE_TOPIC = EventEncoder.encode(METADATA_UPDATE);
    /** keccak256("BatchMetadataUpdate(uint256,uint256)"). */
    public static final String BATCH_METADATA_UPDATE_TOPIC = EventEncoder.encode(BATCH_METADATA_UPDATE);
    /** keccak256("ConsecutiveTransfer(uint256,uint256,address,address)"). */
    public static final String CONSECUTIVE_TRANSFER_TOPIC = EventEncoder.buildEventSignature("ConsecutiveTransfer(uint256,uint256,address,address)");

    /** Every topic0 above: the reconciliation's second eth_getLogs filter. */
    public static final Set<String> TOPICS = Set.of(METADATA_UPDATE_TOPIC, BATCH_METADATA_UPDATE_TOPIC, CONSECUTIVE_TRANSFER_TOPIC);

    private TokenEvents() {
    }

    /** Whether {@code log} is one of these events by topic0. */
    static boolean isTokenEvent(ChainLog log) {
        return !log.topics().isEmpty() && TOPICS.contains(log.topics().get(0));
    }

    /** Decodes a log whose topic0 is one of {@link #TOPICS}. */
    static DecodeOutcome decode(ChainLog log) {
        String topic0 = log.topics().get(0);
        try {
            if (topic0.equals(CONSECUTIVE_TRANSFER_TOPIC)) {
                return consecutive(log);
            }
            Event event = topic0.equals(METADATA_UPDATE_TOPIC) ? METADATA_UPDATE : BATCH_METADATA_UPDATE;
            if (log.topics().size() != 1) {
                return new DecodeOutcome.Undecodable(event.getName() + " has no indexed parameters, got " + (log.topics().size() - 1));
            }
            List<Type> values = FunctionReturnDecoder.decode(log.data(), event.getNonIndexedParameters());
            if (values.size() != event.getNonIndexedParameters().size()) {
                return new DecodeOutcome.Undecodable(event.getName() + ": data does not hold its parameters");
            }
            BigInteger from = (BigInteger) values.get(0).getValue();
            BigInteger to = values.size() == 2 ? (BigInteger) values.get(1).getValue() : from;
            if (to.compareTo(from) < 0) {
                return new DecodeOutcome.Undecodable(event.getName() + ": the range ends (" + to + ") before it starts (" + from + ")");
            }
            return new DecodeOutcome.MetadataUpdate(new TokenRange(from, to), log);
        } catch (RuntimeException e) {
            // web3j signals bad ABI data with unchecked exceptions.
            return new DecodeOutcome.Undecodable("ABI data does not decode as the event's parameters");
        }
    }

    private static DecodeOutcome consecutive(ChainLog log) {
        if (log.topics().size() != 4) {
            return new DecodeOutcome.Undecodable("ConsecutiveTransfer has 3 indexed parameters, got " + (log.topics().size() - 1));
        }
        if (!log.topics().get(2).equals(MintDecoder.ZERO_ADDRESS_TOPIC)) {
            return new DecodeOutcome.Ignored("a consecutive transfer between holders, not a mint", "ignored_transfer");
        }
        if (log.topics().get(3).equals(MintDecoder.ZERO_ADDRESS_TOPIC)) {
            return new DecodeOutcome.Undecodable("ConsecutiveTransfer from and to the zero address");
        }
        List<Type> values = FunctionReturnDecoder.decode(log.data(), List.of(asType(new TypeReference<Uint256>() { })));
        if (values.size() != 1) {
            return new DecodeOutcome.Undecodable("ConsecutiveTransfer: data does not hold toTokenId");
        }
        BigInteger from = new BigInteger(log.topics().get(1).substring(2), 16);
        BigInteger to = (BigInteger) values.get(0).getValue();
        if (to.compareTo(from) < 0) {
            return new DecodeOutcome.Undecodable("ConsecutiveTransfer: the range ends (" + to + ") before it starts (" + from + ")");
        }
        return new DecodeOutcome.ConsecutiveMint(new TokenRange(from, to), log);
    }

    @SuppressWarnings("unchecked")
    private static TypeReference<Type> asType(TypeReference<?> ref) {
        return (TypeReference<Type>) ref;
    }
}
