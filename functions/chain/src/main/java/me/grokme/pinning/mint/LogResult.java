package me.grokme.pinning.mint;

import java.util.Optional;

/** What happened to one log of a delivery; {@code reason} says why for the outcomes that need one. */
public record LogResult(String txHash, long logIndex, LogOutcome outcome, Optional<String> tokenId, Optional<String> cid,
        Optional<String> reason) {
}
