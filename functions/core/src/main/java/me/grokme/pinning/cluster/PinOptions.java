package me.grokme.pinning.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Options for {@code POST /pins/...}, sent as query parameters.
 *
 * <p>Validated here, before any request: the real cluster can commit a pin and still answer 400 when
 * a later query parameter fails to parse, so nothing doubtful may ever be sent.
 *
 * @param name            pin name ({@code name}); empty for none
 * @param mode            {@code mode}
 * @param replicationMin  {@code replication-min}: -1 everywhere, 0 cluster default, else >= 1
 * @param replicationMax  {@code replication-max}: same conventions, >= replicationMin unless -1/0
 * @param userAllocations {@code user-allocations}: cluster peer ids to prefer
 * @param expireAt        {@code expire-at} (RFC 3339) when the pin should expire
 * @param metadata        one {@code meta-<key>} parameter per entry
 */
public record PinOptions(
        String name,
        PinMode mode,
        int replicationMin,
        int replicationMax,
        List<String> userAllocations,
        Optional<Instant> expireAt,
        Map<String, String> metadata) {

    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final Pattern PEER_ID = Pattern.compile("[1-9A-HJ-NP-Za-km-z]{20,128}");

    public PinOptions {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(expireAt, "expireAt");
        userAllocations = List.copyOf(userAllocations);
        metadata = Map.copyOf(metadata);
        if (replicationMin < -1) {
            throw new IllegalArgumentException("replication-min must be -1, 0 or positive, got " + replicationMin);
        }
        if (replicationMax < -1) {
            throw new IllegalArgumentException("replication-max must be -1, 0 or positive, got " + replicationMax);
        }
        if ((replicationMin == -1) != (replicationMax == -1)) {
            throw new IllegalArgumentException("replication-min and replication-max must both be -1 when one of them is");
        }
        if (replicationMin > 0 && replicationMax > 0 && replicationMin > replicationMax) {
            throw new IllegalArgumentException(
                    "replication-min " + replicationMin + " is larger than replication-max " + replicationMax);
        }
        for (String key : metadata.keySet()) {
            if (!META_KEY.matcher(key).matches()) {
                throw new IllegalArgumentException("metadata key is not a plain token: " + key);
            }
        }
        for (String peer : userAllocations) {
            if (!PEER_ID.matcher(peer).matches()) {
                throw new IllegalArgumentException("user allocation is not a peer id: " + peer);
            }
        }
    }

    /** Recursive pin with the given name and replication range, no metadata. */
    public static PinOptions of(String name, int replicationMin, int replicationMax) {
        return new PinOptions(name, PinMode.RECURSIVE, replicationMin, replicationMax, List.of(), Optional.empty(), Map.of());
    }

    public PinOptions withMetadata(Map<String, String> meta) {
        return new PinOptions(name, mode, replicationMin, replicationMax, userAllocations, expireAt, meta);
    }

    public PinOptions withUserAllocations(List<String> peers) {
        return new PinOptions(name, mode, replicationMin, replicationMax, peers, expireAt, metadata);
    }

    public PinOptions withReplication(int min, int max) {
        return new PinOptions(name, mode, min, max, userAllocations, expireAt, metadata);
    }

    public PinOptions withExpireAt(Instant at) {
        return new PinOptions(name, mode, replicationMin, replicationMax, userAllocations, Optional.of(at), metadata);
    }

    /** Metadata in a stable order (for query strings and tests). */
    public Map<String, String> sortedMetadata() {
        return new TreeMap<>(metadata);
    }
}
