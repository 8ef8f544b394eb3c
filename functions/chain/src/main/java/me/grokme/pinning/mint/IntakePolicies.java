package me.grokme.pinning.mint;

import java.util.Optional;

/** How a log's mint is pinned, by the capsule its chain and contract belong to; empty for a contract no capsule follows. */
@FunctionalInterface
public interface IntakePolicies {

    Optional<IntakePolicy> forLog(long chainId, String contract);

    /** One policy for every log (a single capsule, and tests). */
    static IntakePolicies of(IntakePolicy policy) {
        return (chainId, contract) -> Optional.of(policy);
    }
}
