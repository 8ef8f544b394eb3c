package me.grokme.pinning.mint;

import java.util.Optional;

/**
 * What happened to one log of a delivery.
 *
 * @param outcome pinned (the cluster accepted it), accepted (recorded; the cluster will get it later),
 *                duplicate, ignored, rejected (nothing to pin, with a reason), reorged
 */
public record LogResult(String txHash, long logIndex, String outcome, Optional<String> tokenId, Optional<String> cid,
        Optional<String> reason) {
}
