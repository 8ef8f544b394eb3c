package me.grokme.pinning.chain;

import java.util.List;
import java.util.Set;

/**
 * The chain as the reconciliation and the ERC-721 mode read it (JSON-RPC). Every method throws
 * {@link RpcUnavailableException} when the node cannot answer; {@link #logs} also throws
 * {@link RangeTooLargeException} when the node refuses the block range.
 */
public interface ChainRpc extends TokenUriSource {

    /** eth_chainId. */
    long chainId();

    /** eth_blockNumber: the newest block the node has. */
    long latestBlock();

    /** The hash of the canonical block at {@code number} (eth_getBlockByNumber), lower-case 0x-hex. */
    String blockHash(long number);

    /**
     * The number of the canonical block that holds the transaction (eth_getTransactionReceipt), or empty when the
     * canonical chain has no such transaction (it was in a block a reorganisation replaced, and not mined again).
     */
    java.util.Optional<Long> transactionBlock(String txHash);

    /** eth_getLogs of one contract over {@code [fromBlock, toBlock]}, with positional topic filters. */
    List<ChainLog> logs(String contract, List<String> topics, long fromBlock, long toBlock);

    /** eth_getLogs of one contract over {@code [fromBlock, toBlock]} whose topic0 is any of {@code topic0s}. */
    List<ChainLog> logsWithTopic0(String contract, Set<String> topic0s, long fromBlock, long toBlock);
}
