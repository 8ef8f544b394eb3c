package me.grokme.pinning.ledger;

import java.util.Objects;

/**
 * A token's metadata whose JSON still has to be read for the further CIDs it references (deep pinning).
 *
 * @param token        the token (capsule and id) whose metadata it is: its references are pinned on that capsule's account
 * @param metadataPath where the JSON sits inside {@code metadataCid} ({@code /42.json}), or "" for the CID itself
 */
public record DeepPinTask(TokenRef token, String metadataCid, String metadataPath, int attempts) {

    public DeepPinTask {
        Objects.requireNonNull(token, "token");
    }

    public String tokenId() {
        return token.tokenId();
    }
}
