package me.grokme.pinning.secrets;

/**
 * Turns a {@link SecretRef} into its value. Implementations cache; a failure to fetch is a
 * {@link SecretUnavailableException} (the caller answers 5xx, never "bad signature").
 */
@FunctionalInterface
public interface SecretResolver {

    String resolve(SecretRef ref);

    /**
     * Forgets a cached value, so the next {@link #resolve} fetches it again (a service refused it: it may
     * have been rotated). Resolvers without a cache have nothing to forget.
     */
    default void invalidate(SecretRef ref) {
    }

    /** Resolves only {@link SecretRef.Plain}; anything else is unavailable (local runs, tests). */
    static SecretResolver plainOnly() {
        return ref -> {
            if (ref instanceof SecretRef.Plain plain) {
                return plain.value();
            }
            throw new SecretUnavailableException(ref.getClass().getSimpleName() + " secrets need AWS", null);
        };
    }
}
