package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import me.grokme.pinning.webhook.providers.ChainLog;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Type;

/** Filters logs by chain, contract and topic0, and decodes the mint's token id and URI with web3j. */
public final class MintDecoder {

    private final MintEventAbi abi;
    private final Set<Long> chainIds;
    private final Set<String> contracts;

    public MintDecoder(MintEventAbi abi, Set<Long> chainIds, Set<String> contracts) {
        this.abi = abi;
        this.chainIds = Set.copyOf(chainIds);
        this.contracts = contracts.stream().map(c -> c.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    public DecodeOutcome decode(ChainLog log) {
        if (!chainIds.contains(log.chainId())) {
            return new DecodeOutcome.Ignored("chain " + log.chainId() + " is not configured", "ignored_other_chain");
        }
        if (!contracts.contains(log.contract())) {
            return new DecodeOutcome.Ignored("contract " + log.contract() + " is not configured", "ignored_other_contract");
        }
        if (log.topics().isEmpty() || !log.topics().get(0).equals(abi.topic0())) {
            return new DecodeOutcome.Ignored("not the mint event (topic0)", "ignored_other_event");
        }
        if (log.topics().size() != 1 + abi.indexedCount()) {
            return new DecodeOutcome.Undecodable("expected " + (1 + abi.indexedCount()) + " topics, got " + log.topics().size());
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
            return new DecodeOutcome.Undecodable("ABI data does not decode: " + e.getClass().getSimpleName());
        }
    }
}
