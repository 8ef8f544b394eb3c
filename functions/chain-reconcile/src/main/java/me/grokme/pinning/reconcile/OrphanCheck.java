package me.grokme.pinning.reconcile;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import me.grokme.pinning.chain.ChainLog;
import me.grokme.pinning.chain.ChainRpc;
import me.grokme.pinning.ledger.Ledger;
import me.grokme.pinning.ledger.LogKey;
import me.grokme.pinning.ledger.RecordedLog;
import me.grokme.pinning.ledger.ReorgReason;
import me.grokme.pinning.logging.JsonLog;

/**
 * Finds the recorded mints of a block range that are no longer on the canonical chain and marks them orphaned through
 * the ledger's one reorg path ({@link Ledger#recordReorged}, reason {@link ReorgReason#DEEP_REORG}), so their tokens
 * show it and content nothing live uses is released after the grace period.
 *
 * <p>The reconciliation runs it over every range it reads, once the range is confirmed and before the checkpoint passes
 * it — including the blocks it re-reads after finding its checkpoint's block replaced. A log the range's own
 * eth_getLogs returned is canonical; any other recorded log (a webhook delivery from a block that was replaced, or
 * another contract's) is compared with the canonical block at its height (one eth_getBlockByNumber per block). A log
 * recorded without a block hash (the provider did not send one) is judged by its transaction's receipt: canonical
 * only when the canonical chain holds the transaction in the same block.
 */
final class OrphanCheck {

    private final ChainRpc rpc;
    private final Ledger ledger;
    private final long chainId;
    private final JsonLog log;

    OrphanCheck(ChainRpc rpc, Ledger ledger, long chainId, JsonLog log) {
        this.rpc = rpc;
        this.ledger = ledger;
        this.chainId = chainId;
        this.log = log;
    }

    /** Checks blocks {@code from..to} (confirmed); {@code canonical} is what eth_getLogs returned for them. Returns how many were marked. */
    int check(long from, long to, Collection<ChainLog> canonical, String requestId) {
        Set<String> read = canonical.stream().map(l -> l.key().partitionKey()).collect(Collectors.toSet());
        Map<Long, String> hashes = new HashMap<>();
        int marked = 0;
        for (RecordedLog recorded : ledger.logsInBlocks(chainId, from, to)) {
            if (!recorded.live() || read.contains(wholeLog(recorded.log())) || onCanonicalChain(recorded, hashes)) {
                continue;
            }
            ledger.recordReorged(recorded.log(), ChainReconciler.PROVIDER, ReorgReason.DEEP_REORG);
            log.warn("recorded mint is no longer on the canonical chain: marked orphaned", Map.of("request_id", requestId,
                    "log", recorded.log().partitionKey(), "block", recorded.blockNumber(), "token_id", recorded.tokenId(), "cid", recorded.cid()));
            marked++;
        }
        return marked;
    }

    /** A token of a range log is canonical with its log. */
    private static String wholeLog(LogKey key) {
        return new LogKey(key.chainId(), key.txHash(), key.logIndex()).partitionKey();
    }

    private boolean onCanonicalChain(RecordedLog recorded, Map<Long, String> hashes) {
        if (recorded.blockHash().isEmpty()) {
            return rpc.transactionBlock(recorded.log().txHash()).equals(Optional.of(recorded.blockNumber()));
        }
        return hashes.computeIfAbsent(recorded.blockNumber(), rpc::blockHash).equals(recorded.blockHash());
    }
}
