package me.grokme.pinning.chain;

import java.util.OptionalLong;

/**
 * The node refused an eth_getLogs block range as too large (too many blocks or too many logs). Some
 * providers (Alchemy, Infura) suggest a range that would work; {@code suggestedToBlock} carries its end.
 */
public final class RangeTooLargeException extends RpcUnavailableException {

    private final transient OptionalLong suggestedToBlock;

    public RangeTooLargeException(String message, OptionalLong suggestedToBlock) {
        super(message);
        this.suggestedToBlock = suggestedToBlock;
    }

    public OptionalLong suggestedToBlock() {
        return suggestedToBlock;
    }
}
