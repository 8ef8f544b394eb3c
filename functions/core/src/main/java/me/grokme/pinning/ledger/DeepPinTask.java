package me.grokme.pinning.ledger;

/**
 * A token's metadata whose JSON still has to be read for the further CIDs it references (deep pinning).
 *
 * @param metadataPath where the JSON sits inside {@code metadataCid} ({@code /42.json}), or "" for the CID itself
 */
public record DeepPinTask(String tokenId, String metadataCid, String metadataPath, int attempts) {
}
