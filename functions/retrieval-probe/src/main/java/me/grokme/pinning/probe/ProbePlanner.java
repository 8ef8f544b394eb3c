package me.grokme.pinning.probe;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Chooses a run's CIDs. The rotation lane takes pinned CIDs never probed (newest pin first), then those probed longest
 * ago; the retry lane takes CIDs whose last probe did not verify every region (oldest first), so a repair is checked at
 * the next run; the random lane draws from all pinned CIDs. Rotation orders by the last probe, not the last success, and
 * retries have their own budget: a region that is down, or thousands of CIDs that keep failing, cannot stop any other
 * CID's turn from coming. The plan lists new CIDs first, then retries, the rest of the rotation and the random draw, so a
 * run cut short by its time budget drops the least urgent. Pure: the store supplies the lists.
 */
public final class ProbePlanner {

    /** A pinned CID and when its pin was requested (the ledger's queue time), for "newest first". */
    public record Pinned(String cid, Instant requestedAt) {
    }

    /** A CID's last probe, and whether it verified every region. */
    public record Probed(String cid, Instant probedAt, boolean verified) {
    }

    private ProbePlanner() {
    }

    public static List<String> plan(List<Pinned> pinned, List<Probed> probed, ProbeBudget budget, Random random) {
        Set<String> pinnedSet = new LinkedHashSet<>();
        pinned.forEach(p -> pinnedSet.add(p.cid()));
        Set<String> seen = new HashSet<>();
        List<Probed> current = probed.stream().filter(p -> pinnedSet.contains(p.cid()) && seen.add(p.cid()))
                .sorted(Comparator.comparing(Probed::probedAt).thenComparing(Probed::cid)).toList();

        List<String> fresh = pinned.stream().filter(p -> !seen.contains(p.cid()))
                .sorted(Comparator.comparing(Pinned::requestedAt).reversed().thenComparing(Pinned::cid))
                .map(Pinned::cid).limit(budget.rotation()).toList();
        List<String> rotation = Stream.concat(fresh.stream(), current.stream().map(Probed::cid))
                .limit(budget.rotation()).toList();
        Set<String> rotationSet = new HashSet<>(rotation);
        List<String> retries = current.stream().filter(p -> !p.verified() && !rotationSet.contains(p.cid()))
                .map(Probed::cid).limit(budget.retry()).toList();

        Set<String> out = new LinkedHashSet<>(fresh);
        current.stream().filter(p -> !p.verified() && rotationSet.contains(p.cid())).forEach(p -> out.add(p.cid()));
        out.addAll(retries);
        out.addAll(rotation);
        List<String> rest = new ArrayList<>(pinnedSet);
        rest.removeAll(out);
        for (int i = 0; i < budget.random() && !rest.isEmpty(); i++) {
            int j = random.nextInt(rest.size());
            out.add(rest.get(j));
            rest.set(j, rest.get(rest.size() - 1));
            rest.remove(rest.size() - 1);
        }
        return List.copyOf(out);
    }
}
