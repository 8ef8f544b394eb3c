package me.grokme.pinning.cluster;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster's refusal to allocate a pin because fewer peers can take it than its minimum asks (ipfs-cluster
 * allocate.go: 500 "not enough peers to allocate CID. Needed at least: N. Wanted at most: M. Available
 * candidates: K. See logs for more info."). With three peers and a minimum of three, one peer down is enough.
 *
 * @param needed    how many new allocations the minimum required
 * @param wanted    how many the maximum allowed
 * @param available how many live peers could have taken it
 */
public record AllocationRefusal(int needed, int wanted, int available) {

    /**
     * The {@code meta-*} key a pin made with a lower minimum than asked carries, naming the minimum it asked for, so
     * the sweep judges it by that and raises it when peers return.
     */
    public static final String WANTED_MIN_KEY = "wantedReplicationMin";

    private static final Pattern MESSAGE = Pattern.compile(
            "^not enough peers to allocate CID\\. Needed at least: (\\d+)\\. Wanted at most: (-?\\d+)\\. Available candidates: (\\d+)\\.");

    /** The refusal an API error carries, if it is one. */
    public static Optional<AllocationRefusal> of(ClusterException e) {
        if (!(e instanceof ClusterApiException api) || api.clusterMessage() == null) {
            return Optional.empty();
        }
        Matcher m = MESSAGE.matcher(api.clusterMessage());
        return m.find() ? Optional.of(new AllocationRefusal(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)))) : Optional.empty();
    }
}
