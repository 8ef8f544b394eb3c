package me.grokme.pinning.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One peer's status for one CID (a {@code peer_map} value in GlobalPinInfo).
 *
 * @param peername      the peer's human name; may be empty when the cluster never saw its ping
 * @param ipfsPeerId    omitted on the wire when unknown
 * @param ipfsPeerAddresses omitted on the wire when empty
 * @param error         empty when none
 * @param attemptCount  attempts of the current operation; reset when the peer restarts
 */
public record PinInfoShort(
        String peername,
        Optional<String> ipfsPeerId,
        List<String> ipfsPeerAddresses,
        TrackerStatus status,
        Instant timestamp,
        String error,
        int attemptCount,
        boolean priorityPin) {

    public PinInfoShort {
        ipfsPeerAddresses = List.copyOf(ipfsPeerAddresses);
    }
}
