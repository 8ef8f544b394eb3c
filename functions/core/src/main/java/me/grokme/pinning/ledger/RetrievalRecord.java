package me.grokme.pinning.ledger;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the retrieval probes proved about one CID (item {@code CID#<cid>} / {@code PROBE}, LEDGER.md).
 *
 * @param probedAt   the last probe, whatever its outcome
 * @param verifiedAt the last probe at which every configured region proved it holds the CID; empty if never
 * @param regions    the last result per region
 * @param failures   the most recent failures, newest first, at most {@link #MAX_FAILURES}
 */
public record RetrievalRecord(String cid, Instant probedAt, Optional<Instant> verifiedAt, Map<String, RegionCheck> regions,
                              List<Failure> failures) {

    public static final int MAX_FAILURES = 10;

    public RetrievalRecord {
        Objects.requireNonNull(cid, "cid");
        Objects.requireNonNull(probedAt, "probedAt");
        Objects.requireNonNull(verifiedAt, "verifiedAt");
        regions = Map.copyOf(regions);
        failures = List.copyOf(failures.subList(0, Math.min(MAX_FAILURES, failures.size())));
    }

    /** The outcome of a region's last probe. */
    public enum Result { VERIFIED, FAILED, INCONCLUSIVE }

    /**
     * One region's last probe.
     *
     * @param verifiedAt the last time this region proved it holds the CID (kept across failures)
     * @param streak     consecutive failed probes (0 after a verified one)
     * @param dag        whether the last verified probe walked the whole DAG, not only the root block
     */
    public record RegionCheck(Instant at, Result result, String reason, Optional<Instant> verifiedAt, int streak, boolean dag) {
        public RegionCheck {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(result, "result");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(verifiedAt, "verifiedAt");
        }
    }

    /** One failed probe of one region. */
    public record Failure(Instant at, String region, String reason, String detail) {
        public Failure {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** The regions whose last probe verified, sorted. */
    public List<String> regionsVerified() {
        return new TreeMap<>(regions).entrySet().stream().filter(e -> e.getValue().result() == Result.VERIFIED).map(Map.Entry::getKey).toList();
    }
}
