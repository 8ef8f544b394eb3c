package me.grokme.pinning.probe;

import java.time.Duration;
import java.util.Map;

/**
 * One run's outcome.
 *
 * @param pinned        PINNED CIDs in the ledger
 * @param planned       CIDs the plan chose (the budget)
 * @param probed        CIDs probed before the time budget ran out
 * @param verified      CIDs every region proved it holds
 * @param failedRegions region → probes that failed there
 * @param verifiedRegions region → probes that verified there
 * @param repairs       recover requests sent
 * @param bytesVerified bytes hashed and matched, all regions
 * @param writes        DynamoDB write requests (records and events)
 */
public record ProbeReport(int pinned, int planned, int probed, int verified, Map<String, Integer> verifiedRegions,
                          Map<String, Integer> failedRegions, int inconclusive, int repairs, long bytesVerified, int writes,
                          boolean timedOut, Duration duration) {
    public ProbeReport {
        verifiedRegions = Map.copyOf(verifiedRegions);
        failedRegions = Map.copyOf(failedRegions);
    }
}
