package me.grokme.pinning.chain;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import okhttp3.OkHttpClient;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthBlockNumber;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthChainId;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * {@link ChainRpc} through web3j's JSON-RPC client over OkHttp ({@link HttpService} with our own client, so
 * web3j never builds one with its body-logging interceptor). The endpoint URL often embeds an API key, so it
 * never appears in a message or log: errors say which call failed and what the node answered.
 */
public final class Web3jChainRpc implements ChainRpc {

    /**
     * Phrases nodes use when a call's block state is gone or not there yet (geth, Erigon, Nethermind, Besu, providers),
     * compared lower-cased: a fixed-phrase scan, linear in the node's message, as {@link RangeRefusal}.
     */
    private static final List<String> STATE_MISSING = List.of("missing trie node", "header not found", "unknown block",
            "state is not available", "state not available", "state unavailable", "pruned", "historical state", "block not found",
            "state at block", "requires an archive", "archive node");
    private static final Function TOKEN_URI_OUTPUT = new Function("tokenURI", List.of(),
            List.<TypeReference<?>>of(new TypeReference<Utf8String>() { }));

    private final Web3j web3j;
    private final long chainIdForLogs;
    private final AtomicLong requests = new AtomicLong();

    /**
     * @param chainIdForLogs the chain id stamped on the logs read (eth_getLogs does not carry it); checked
     *                       against the node with {@link #chainId()} by the callers that start a run
     */
    public Web3jChainRpc(URI endpoint, OkHttpClient http, Duration timeout, long chainIdForLogs) {
        OkHttpClient client = http.newBuilder().callTimeout(timeout).readTimeout(timeout)
                .addInterceptor(chain -> {
                    requests.incrementAndGet();
                    return chain.proceed(chain.request());
                }).build();
        this.web3j = Web3j.build(new HttpService(endpoint.toString(), client));
        this.chainIdForLogs = chainIdForLogs;
    }

    /** JSON-RPC requests sent so far (for metrics and the backfill benchmark). */
    public long requestCount() {
        return requests.get();
    }

    @Override
    public long chainId() {
        EthChainId answer = send("eth_chainId", web3j.ethChainId());
        return decoded("eth_chainId", () -> answer.getChainId().longValueExact());
    }

    @Override
    public long latestBlock() {
        EthBlockNumber answer = send("eth_blockNumber", web3j.ethBlockNumber());
        return decoded("eth_blockNumber", () -> answer.getBlockNumber().longValueExact());
    }

    @Override
    public String blockHash(long number) {
        EthBlock.Block block = send("eth_getBlockByNumber",
                web3j.ethGetBlockByNumber(DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false)).getBlock();
        if (block == null || block.getHash() == null || !block.getHash().matches("0x[0-9a-fA-F]{64}")) {
            throw new RpcUnavailableException("eth_getBlockByNumber: the node has no block " + number);
        }
        return block.getHash().toLowerCase(Locale.ROOT);
    }

    @Override
    public java.util.Optional<Long> transactionBlock(String txHash) {
        org.web3j.protocol.core.methods.response.EthGetTransactionReceipt answer;
        try {
            answer = web3j.ethGetTransactionReceipt(txHash).send();
        } catch (IOException | RuntimeException e) {
            throw new RpcUnavailableException("eth_getTransactionReceipt failed: " + e.getClass().getSimpleName() + ": "
                    + shorten(String.valueOf(e.getMessage())), e);
        }
        if (answer == null || answer.hasError()) {
            throw new RpcUnavailableException("eth_getTransactionReceipt: node error"
                    + (answer == null ? "" : " " + answer.getError().getCode() + ": " + shorten(String.valueOf(answer.getError().getMessage()))));
        }
        // A null result is the node's answer for a transaction it does not have on the canonical chain.
        return answer.getTransactionReceipt().map(r -> decoded("eth_getTransactionReceipt", () -> r.getBlockNumber().longValueExact()));
    }

    @Override
    public List<ChainLog> logs(String contract, List<String> topics, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), contract);
        topics.forEach(filter::addSingleTopic);
        return logs(filter, fromBlock, toBlock);
    }

    @Override
    public List<ChainLog> logsWithTopic0(String contract, Set<String> topic0s, long fromBlock, long toBlock) {
        EthFilter filter = new EthFilter(DefaultBlockParameter.valueOf(BigInteger.valueOf(fromBlock)),
                DefaultBlockParameter.valueOf(BigInteger.valueOf(toBlock)), contract);
        filter.addOptionalTopics(topic0s.stream().sorted().toArray(String[]::new));
        return logs(filter, fromBlock, toBlock);
    }

    private List<ChainLog> logs(EthFilter filter, long fromBlock, long toBlock) {
        EthLog answer = call("eth_getLogs", web3j.ethGetLogs(filter));
        if (answer.hasError()) {
            Response.Error error = answer.getError();
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (error.getCode() == -32005 || RangeRefusal.refuses(message)) {
                throw new RangeTooLargeException("eth_getLogs [" + fromBlock + ", " + toBlock + "] refused: " + shorten(message),
                        RangeRefusal.suggestedEnd(message, fromBlock, toBlock));
            }
            throw new RpcUnavailableException("eth_getLogs: node error " + error.getCode() + ": " + shorten(message));
        }
        List<ChainLog> out = new ArrayList<>();
        for (EthLog.LogResult<?> result : answer.getLogs()) {
            if (!(result.get() instanceof Log l)) {
                throw new RpcUnavailableException("eth_getLogs answered hashes instead of log objects");
            }
            try {
                out.add(new ChainLog(chainIdForLogs, l.getAddress(), l.getTopics(), l.getData(), l.getBlockNumber().longValueExact(),
                        l.getBlockHash(), l.getTransactionHash(), l.getLogIndex().longValueExact(), l.isRemoved(), Optional.empty()));
            } catch (RuntimeException e) {
                // A pending, truncated or garbled log object (web3j's own decoding throws unchecked exceptions):
                // a node bug, not a reason to skip the log silently.
                throw new RpcUnavailableException("eth_getLogs answered a malformed log: " + e.getClass().getSimpleName());
            }
        }
        return out;
    }

    @Override
    public TokenUri tokenUri(String contract, BigInteger tokenId) {
        return tokenUri(contract, tokenId, DefaultBlockParameterName.LATEST);
    }

    @Override
    public TokenUri tokenUriAt(String contract, BigInteger tokenId, long block) {
        try {
            return tokenUri(contract, tokenId, DefaultBlockParameter.valueOf(BigInteger.valueOf(block)));
        } catch (StateUnavailable e) {
            // A plain (non-archive) node keeps ~128 blocks of state, and a lagging one may not have the block yet.
            return tokenUri(contract, tokenId);
        }
    }

    /** The node cannot run a call at the block asked for (pruned state, block not known yet). */
    private static final class StateUnavailable extends RuntimeException {
        StateUnavailable() {
            super(null, null, false, false);
        }
    }

    private TokenUri tokenUri(String contract, BigInteger tokenId, DefaultBlockParameter at) {
        String data = FunctionEncoder.encode(new Function("tokenURI", List.of(new Uint256(tokenId)), List.of()));
        EthCall answer = call("eth_call", web3j.ethCall(Transaction.createEthCallTransaction(null, contract, data), at));
        if (answer.hasError() && at != DefaultBlockParameterName.LATEST
                && stateMissing(answer.getError().getMessage() == null ? "" : answer.getError().getMessage())) {
            throw new StateUnavailable();
        }
        if (answer.hasError()) {
            Response.Error error = answer.getError();
            String message = error.getMessage() == null ? "" : error.getMessage();
            if (error.getCode() == 3 || message.toLowerCase(Locale.ROOT).contains("revert")) {
                return new TokenUri.Reverted("tokenURI(" + tokenId + ") reverted: " + shorten(message));
            }
            throw new RpcUnavailableException("eth_call tokenURI: node error " + error.getCode() + ": " + shorten(message));
        }
        String value = answer.getValue();
        if (value == null || value.equals("0x")) {
            return new TokenUri.Reverted("tokenURI(" + tokenId + ") returned no data (is the address an ERC-721 contract?)");
        }
        Optional<String> bounds = AbiStrings.problem(value, 0);
        if (bounds.isPresent()) {
            return new TokenUri.Reverted("tokenURI(" + tokenId + ") did not return an ABI string: " + bounds.get());
        }
        try {
            List<Type> decoded = FunctionReturnDecoder.decode(value, TOKEN_URI_OUTPUT.getOutputParameters());
            if (decoded.isEmpty()) {
                return new TokenUri.Reverted("tokenURI(" + tokenId + ") did not return a string");
            }
            return new TokenUri.Found((String) decoded.get(0).getValue());
        } catch (RuntimeException e) {
            return new TokenUri.Reverted("tokenURI(" + tokenId + ") did not return an ABI string");
        }
    }

    private static boolean stateMissing(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return STATE_MISSING.stream().anyMatch(m::contains);
    }

    /** Converts web3j's unchecked decoding failures (bad hex quantities…) into "the node answered badly". */
    private static <T> T decoded(String method, Supplier<T> value) {
        try {
            return value.get();
        } catch (RuntimeException e) {
            throw new RpcUnavailableException(method + ": the node's answer does not decode: " + e.getClass().getSimpleName());
        }
    }

    private static <T extends Response<?>> T send(String method, Request<?, T> request) {
        T answer = call(method, request);
        if (answer.hasError()) {
            throw new RpcUnavailableException(method + ": node error " + answer.getError().getCode() + ": "
                    + shorten(answer.getError().getMessage() == null ? "" : answer.getError().getMessage()));
        }
        return answer;
    }

    private static <T extends Response<?>> T call(String method, Request<?, T> request) {
        try {
            T answer = request.send();
            if (answer == null || (!answer.hasError() && answer.getResult() == null)) {
                // JSON-RPC answers carry "result" or "error"; neither is a malformed answer, not an empty one.
                throw new RpcUnavailableException(method + ": the node answered neither a result nor an error");
            }
            return answer;
        } catch (RpcUnavailableException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // HttpService reports non-2xx answers as ClientConnectionException("Invalid response received: 429; …").
            throw new RpcUnavailableException(method + " failed: " + e.getClass().getSimpleName() + ": "
                    + shorten(String.valueOf(e.getMessage())), e);
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("[\\r\\n\\t]+", " ");
        // Never echo a URL: an RPC endpoint's path usually holds its API key.
        oneLine = oneLine.replaceAll("(?i)\\b(https?|wss?)://\\S+", "<url>");
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "…" : oneLine;
    }
}
