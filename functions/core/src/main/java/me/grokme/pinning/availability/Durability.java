package me.grokme.pinning.availability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measured durability of one CID from where its copies are. The model:
 * <ul>
 * <li>Each copy is unavailable while its peer is down, as the sweeps observed it (an outage counts from the last
 * sweep that saw the peer up to the first that sees it up again).</li>
 * <li>Correlation is taken from the data: in each region, the time all of the CID's copies there were down at once
 * (a region outage, a shared host or network) counts as it was observed; only the rest of each peer's downtime is
 * treated as independent. So P(region r's copies all down) = J + (1 − J) · Π u_p, where J is that joint share and
 * u_p a peer's downtime outside it.</li>
 * <li>Regions are treated as independent of each other, except that the result is never below the share of time
 * every copy was observed down at once: P = max(J_all, Π_r P_r).</li>
 * <li>Expected time until every copy is unavailable at once (data loss, if each outage had destroyed its copy and
 * it had to be repaired): the frequency of that state is P · Σ μ_p, μ_p = a peer's observed outages per second down
 * (its repair rate), so the time is 1 / (P · Σ μ_p) — conservative, since a joint outage ends only when one copy
 * returns.</li>
 * <li>A peer with no outage in the window cannot be measured: it is computed as if it had one outage of
 * {@code assumedOutage} seconds, and the result is flagged an upper bound on P (a lower bound on the time).</li>
 * <li>Below {@code minObserved} seconds of observation of any copy's peer, nothing is estimated.</li>
 * </ul>
 */
public final class Durability {

    private Durability() {
    }

    /** The outcome for one placement. */
    public sealed interface Estimate {
    }

    /**
     * @param allUnavailable   probability that every copy is unavailable at a given moment
     * @param secondsToLoss    expected time until every copy is unavailable at once
     * @param upperBound       a peer without observed outage was assumed to have one: P is an upper bound
     * @param observedSeconds  the shortest observation among the copies' peers
     */
    public record Estimated(double allUnavailable, double secondsToLoss, boolean upperBound, long observedSeconds) implements Estimate {
    }

    /** No number is supported yet; {@code reason} says why, in public words. */
    public record NotEnoughHistory(String reason) implements Estimate {
    }

    public static Estimate estimate(Map<String, History> peers, Set<String> placement, long from, long to, long minObserved, long assumedOutage) {
        if (placement.isEmpty()) {
            return new NotEnoughHistory("no copy is recorded yet");
        }
        Map<String, List<String>> byRegion = new TreeMap<>();
        long shortest = Long.MAX_VALUE;
        for (String p : placement) {
            History h = peers.get(p);
            if (h == null) {
                return new NotEnoughHistory("no history of " + p + " yet");
            }
            long observed = Timelines.observedSeconds(Timelines.clip(h.segments(), from, to));
            if (observed < minObserved) {
                String seen = observed < 86_400 ? String.format(Locale.ROOT, "%.1f hours", observed / 3_600.0)
                        : String.format(Locale.ROOT, "%.1f days", observed / 86_400.0);
                return new NotEnoughHistory(String.format(Locale.ROOT, "%s observed for %s; an estimate needs %.0f days", p, seen,
                        minObserved / 86_400.0));
            }
            shortest = Math.min(shortest, observed);
            byRegion.computeIfAbsent(h.region(), r -> new ArrayList<>()).add(p);
        }
        double product = 1;
        double repairRates = 0;
        boolean bound = false;
        List<List<Segment>> everyCopy = new ArrayList<>();
        for (List<String> names : byRegion.values()) {
            List<List<Segment>> members = names.stream().map(n -> Timelines.clip(peers.get(n).segments(), from, to)).toList();
            everyCopy.addAll(members);
            Optional<Double> joint = jointShare(members);
            if (joint.isEmpty()) {
                return new NotEnoughHistory("the peers holding copies in one region were never observed at the same time");
            }
            long jointDown = Timelines.downSeconds(Timelines.allDown(members, true));
            double independent = 1;
            for (List<Segment> m : members) {
                long observed = Timelines.observedSeconds(m);
                long down = Timelines.downSeconds(m);
                long outages = Timelines.outages(m);
                if (outages == 0) {
                    bound = true;
                    down = assumedOutage;
                    outages = 1;
                }
                independent *= Math.max(0, down - jointDown) / (double) Math.max(1, observed - jointDown);
                repairRates += outages / (double) down;
            }
            double j = joint.get();
            product *= j + (1 - j) * independent;
        }
        double p = Math.max(jointShare(everyCopy).orElse(0.0), product);
        return new Estimated(p, p == 0 ? Double.POSITIVE_INFINITY : 1 / (p * repairRates), bound, shortest);
    }

    /** Share of the jointly observed time during which all members were down at once. */
    private static Optional<Double> jointShare(List<List<Segment>> members) {
        List<Segment> joint = Timelines.allDown(members, true);
        long observed = Timelines.observedSeconds(joint);
        return observed == 0 ? Optional.empty() : Optional.of(Timelines.downSeconds(joint) / (double) observed);
    }
}
