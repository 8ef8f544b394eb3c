package me.grokme.pinning.ledger;

/** A token's metadata CID whose JSON still has to be read for the further CIDs it references (deep pinning). */
public record DeepPinTask(String tokenId, String metadataCid, int attempts) {
}
