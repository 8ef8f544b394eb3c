package me.grokme.pinning.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import me.grokme.pinning.availability.AvailabilityStore;
import me.grokme.pinning.availability.AvailabilityView;
import me.grokme.pinning.availability.History;

/**
 * Keeps each peer's up/down history and the pinset's replication history from what each sweep observed, then
 * precomputes the public availability view (incidents, uptime bars, durability) into one item, so the status
 * endpoint stays one read however long the history. The sweep hands it its observations in one call.
 */
public final class AvailabilityRecorder {

    /** One peer as a sweep judged it: up (answering, degraded included) or down. */
    public record PeerSample(String name, String region, boolean up) {
    }

    private static final String PEER = AvailabilityStore.PEER;
    private static final String REPLICATION = AvailabilityStore.REPLICATION;
    /** Kept a day beyond the 90 days shown, so the oldest bar is whole. */
    private static final Duration KEEP = Duration.ofDays(AvailabilityView.DAYS + 1);
    /** A flapping peer's history stays a few tens of KB (17 bytes a segment). */
    private static final int MAX_SEGMENTS = 5_000;

    private final AvailabilityStore store;
    private final AvailabilityConfig config;
    private final AvailabilityView view;
    private final ObjectMapper json = new ObjectMapper();

    public AvailabilityRecorder(AvailabilityStore store, AvailabilityConfig config) {
        this.store = store;
        this.config = config;
        this.view = new AvailabilityView(config.minObserved().toSeconds(), config.interval().toSeconds());
    }

    /**
     * Records one sweep's observations and rewrites the view. No peers means this sweep could not observe them: nothing
     * is recorded for them (that time becomes "no data", never up or down).
     *
     * @param underReplicatedShare share (0..1) of CIDs under-replicated, when the status pass was complete
     */
    public void record(Instant now, List<PeerSample> peers, OptionalDouble underReplicatedShare) {
        Map<String, History> stored = store.loadHistories();
        long at = now.getEpochSecond();
        long maxGap = config.interval().multipliedBy(3).toSeconds();
        long keepFrom = now.minus(KEEP).getEpochSecond();
        for (PeerSample p : peers) {
            History before = stored.getOrDefault(PEER + p.name(), History.empty(p.name(), p.region()));
            History after = new History(p.name(), p.region(), before.segments()).observe(at, p.up(), maxGap, keepFrom, MAX_SEGMENTS);
            store.saveHistory(PEER + p.name(), after);
            stored.put(PEER + p.name(), after);
        }
        History replication = stored.getOrDefault(REPLICATION, History.empty("content", ""));
        if (underReplicatedShare.isPresent()) {
            boolean below = underReplicatedShare.getAsDouble() * 100 <= config.underReplicatedPercent();
            replication = replication.observe(at, below, maxGap, keepFrom, MAX_SEGMENTS);
            store.saveHistory(REPLICATION, replication);
        }
        List<History> peerHistories = new ArrayList<>();
        stored.forEach((sk, h) -> {
            if (sk.startsWith(PEER)) {
                peerHistories.add(h);
            }
        });
        peerHistories.sort(Comparator.comparing(History::name));
        try {
            store.saveView(json.writeValueAsString(view.build(peerHistories, replication, now)
                    .put("sweep_interval_seconds", config.interval().toSeconds())), now.toString());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
