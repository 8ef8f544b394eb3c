package me.grokme.pinning.chain;

import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.secrets.SecretResolver;
import me.grokme.pinning.secrets.SecretUnavailableException;
import okhttp3.OkHttpClient;

/**
 * A {@link Web3jChainRpc} whose endpoint is a secret (RPC URLs usually embed an API key), resolved on first
 * use rather than at start-up — a cold start does not wait for Secrets Manager unless the chain is actually
 * asked — and re-resolved through the resolver's cache, so a rotated URL takes effect without a redeploy.
 */
public final class LazyChainRpc implements ChainRpc {

    private final SecretRef endpoint;
    private final SecretResolver secrets;
    private final OkHttpClient http;
    private final Duration timeout;
    private final long chainIdForLogs;
    private String currentUrl = "";
    private Web3jChainRpc current;
    private long retiredRequests; // sent through endpoints a rotation replaced, so the count never goes back

    public LazyChainRpc(SecretRef endpoint, SecretResolver secrets, OkHttpClient http, Duration timeout, long chainIdForLogs) {
        this.endpoint = endpoint;
        this.secrets = secrets;
        this.http = http;
        this.timeout = timeout;
        this.chainIdForLogs = chainIdForLogs;
    }

    private synchronized Web3jChainRpc rpc() {
        String url;
        try {
            url = secrets.resolve(endpoint).strip();
        } catch (SecretUnavailableException e) {
            throw new RpcUnavailableException("the chain RPC URL secret is unavailable", e);
        }
        if (!url.equals(currentUrl)) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new RpcUnavailableException("the chain RPC URL secret does not hold a URL");
            }
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                throw new RpcUnavailableException("the chain RPC URL secret must hold an http(s) URL");
            }
            retiredRequests += current == null ? 0 : current.requestCount();
            current = new Web3jChainRpc(uri, http, timeout, chainIdForLogs);
            currentUrl = url;
        }
        return current;
    }

    /** JSON-RPC requests sent so far, across endpoint rotations. */
    public synchronized long requestCount() {
        return retiredRequests + (current == null ? 0 : current.requestCount());
    }

    @Override
    public long chainId() {
        return rpc().chainId();
    }

    @Override
    public long latestBlock() {
        return rpc().latestBlock();
    }

    @Override
    public String blockHash(long number) {
        return rpc().blockHash(number);
    }

    @Override
    public java.util.Optional<Long> transactionBlock(String txHash) {
        return rpc().transactionBlock(txHash);
    }

    @Override
    public List<ChainLog> logs(String contract, List<String> topics, long fromBlock, long toBlock) {
        return rpc().logs(contract, topics, fromBlock, toBlock);
    }

    @Override
    public List<ChainLog> logsWithTopic0(String contract, java.util.Set<String> topic0s, long fromBlock, long toBlock) {
        return rpc().logsWithTopic0(contract, topic0s, fromBlock, toBlock);
    }

    @Override
    public TokenUri tokenUriAt(String contract, BigInteger tokenId, long block) {
        return rpc().tokenUriAt(contract, tokenId, block);
    }

    @Override
    public TokenUri tokenUri(String contract, BigInteger tokenId) {
        return rpc().tokenUri(contract, tokenId);
    }
}
