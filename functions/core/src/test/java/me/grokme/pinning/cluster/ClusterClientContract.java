package me.grokme.pinning.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import me.grokme.pinning.cid.Cid;
import org.junit.jupiter.api.Test;

/**
 * What any faithful IPFS Cluster REST API must answer to this client. Run against byte-exact fixtures in
 * the real API's shape (core) and against the simulator (cluster-sim), so client and simulator cannot
 * drift apart together.
 *
 * <p>The server under test is a cluster of three peers named eu-1, us-1 and asia-1, tagged with regions
 * eu, us and asia, with replication defaults that allow 3..5.
 */
public abstract class ClusterClientContract {

    /** The CID every test pins first. */
    public static final Cid PINNED = Cid.parse("bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi");
    /** A CID never pinned by these tests. */
    public static final Cid UNKNOWN = Cid.parse("bafkreiexfgddtvpz27dmkfftvgqr25o6uf4wm5pklkda2z67nz4igi2x4u");

    protected static final PinOptions GENESIS_42 = PinOptions.of("genesis-42", 3, 5)
            .withMetadata(Map.of("tokenId", "42", "capsule", "genesis"));

    /**
     * The CID the tests pin: {@link #PINNED}, which the fixtures' bodies name. A real cluster overrides it with
     * content one of its peers holds, so the pin can complete.
     */
    protected Cid pinned() {
        return PINNED;
    }

    /** A client for the server under test. */
    protected abstract ClusterClient client();

    /** Lets the server finish pinning {@link #pinned()} on every allocated peer (fixtures: nothing to do). */
    protected abstract void awaitPinned(Cid cid);

    /**
     * Waits until an accepted pin is in the cluster's shared state (fixtures and the simulator: at once). A real
     * CRDT cluster commits pins in batches (service.json: up to 500 pins or 5 s), so a pin the API accepted
     * is listed by /allocations and /pins only once its batch commits.
     */
    protected void awaitCommitted(Cid cid) {
    }

    /**
     * Pinning a CID again with higher replication factors updates the pin the cluster holds (what a capsule raising the
     * replication of shared content relies on). Not a test here: the fixtures answer a route, whatever the options;
     * the simulator's and the real cluster's tests call it with content of their own.
     */
    protected void repinningWithRaisedFactorsUpdatesThePin(Cid fresh) {
        client().pin(fresh, PinOptions.of("genesis-7", 1, 1));
        awaitCommitted(fresh);
        assertEquals(1, client().allocation(fresh).orElseThrow().allocations().size());
        client().pin(fresh, PinOptions.of("genesis-7", 2, 3));
        awaitRaised(fresh, 2);
        Pin raised = client().allocation(fresh).orElseThrow();
        assertEquals(List.of(2, 3), List.of(raised.replicationMin(), raised.replicationMax()));
        assertEquals(3, raised.allocations().size(), "three peers, up to the new maximum allocated");
        assertEquals("genesis-7", raised.name());
    }

    /** Waits until the committed pin of {@code cid} has minimum {@code min} (fixtures and the simulator: at once). */
    protected void awaitRaised(Cid cid, int min) {
    }

    private Pin pinGenesis42() {
        Pin pin = client().pin(pinned(), GENESIS_42);
        awaitCommitted(pinned());
        return pin;
    }

    @Test
    void pinAnswersTheCommittedPinWithTheRequestedOptions() {
        Pin pin = pinGenesis42();
        assertEquals(pinned().toString(), pin.cid());
        assertEquals(PinType.PIN, pin.type());
        assertEquals(PinMode.RECURSIVE, pin.mode());
        assertEquals("genesis-42", pin.name());
        assertEquals(3, pin.replicationMin());
        assertEquals(5, pin.replicationMax());
        assertEquals(Map.of("tokenId", "42", "capsule", "genesis"), pin.metadata());
        assertEquals(3, pin.allocations().size(), "three peers, all allocated");
        assertEquals(-1, pin.maxDepth());
        assertTrue(pin.expireAt().isEmpty());
        assertTrue(pin.pinUpdate().isEmpty());
        assertTrue(pin.reference().isEmpty());
    }

    @Test
    void unpinAnswersTrueForAPinAndFalseForACidOutsideThePinset() {
        pinGenesis42();
        assertTrue(client().unpin(pinned()), "DELETE /pins/{cid} of a pin in the pinset");
        assertFalse(client().unpin(UNKNOWN), "DELETE /pins/{cid} of a CID outside the pinset: 404, nothing to release");
    }

    @Test
    void allocationIsPresentForAPinnedCidAndEmptyForAnUnknownOne() {
        Pin pinned = pinGenesis42();
        Pin read = client().allocation(pinned()).orElseThrow();
        assertEquals(pinned().toString(), read.cid());
        assertEquals(new HashSet<>(pinned.allocations()), new HashSet<>(read.allocations()));
        assertTrue(read.userAllocations().isEmpty(), "user_allocations reads back as null");
        assertTrue(client().allocation(UNKNOWN).isEmpty());
    }

    @Test
    void statusShowsEveryAllocatedPeerPinnedOnceDone() {
        pinGenesis42();
        awaitPinned(pinned());
        GlobalPinInfo status = client().status(pinned());
        assertEquals(pinned().toString(), status.cid());
        assertEquals("genesis-42", status.name());
        assertEquals(3, status.pinnedCount());
        Set<String> names = new HashSet<>();
        status.peerMap().values().forEach(p -> names.add(p.peername()));
        assertEquals(Set.of("eu-1", "us-1", "asia-1"), names);
    }

    @Test
    void statusStreamContainsThePinnedCid() {
        pinGenesis42();
        awaitPinned(pinned());
        List<GlobalPinInfo> all = new ArrayList<>();
        long n = client().statusAll(StatusQuery.all(), all::add);
        assertEquals(all.size(), n);
        GlobalPinInfo mine = all.stream().filter(g -> g.cid().equals(pinned().toString())).findFirst().orElseThrow();
        assertEquals(3, mine.pinnedCount());
    }

    @Test
    void statusForCidsAnswersOnlyThoseCids() {
        pinGenesis42();
        List<GlobalPinInfo> some = new ArrayList<>();
        client().statusAll(StatusQuery.forCids(List.of(pinned())), some::add);
        assertEquals(1, some.size());
        assertEquals(pinned().toString(), some.get(0).cid());
    }

    @Test
    void allocationsStreamContainsThePin() {
        pinGenesis42();
        List<Pin> pins = new ArrayList<>();
        client().allocations(Set.of(PinType.PIN), pins::add);
        assertTrue(pins.stream().anyMatch(p -> p.cid().equals(pinned().toString()) && p.name().equals("genesis-42")));
    }

    @Test
    void anEmptyStreamIsAnEmptyResult() {
        List<Pin> metaPins = new ArrayList<>();
        assertEquals(0, client().allocations(Set.of(PinType.META_PIN), metaPins::add));
        assertTrue(metaPins.isEmpty());
    }

    @Test
    void regionTagsCoverThreeRegionsOnePerPeer() {
        List<Metric> tags = client().metrics("tag:region");
        assertEquals(3, tags.size());
        Set<String> regions = new HashSet<>();
        tags.forEach(m -> {
            regions.add(m.value());
            assertEquals("tag:region", m.name());
            assertTrue(m.partitionable());
            assertTrue(m.expireNanos() > m.receivedAtNanos());
        });
        assertEquals(Set.of("eu", "us", "asia"), regions);
    }

    @Test
    void freeSpaceIsReportedPerPeerInBytes() {
        List<Metric> free = client().metrics("freespace");
        assertEquals(3, free.size());
        free.forEach(m -> assertTrue(Long.parseLong(m.value()) > 0, m.value()));
    }

    @Test
    void peersStreamListsThreeNamedHealthyPeers() {
        List<ClusterPeer> peers = new ArrayList<>();
        client().peers(peers::add);
        assertEquals(3, peers.size());
        Set<String> names = new HashSet<>();
        peers.forEach(p -> {
            names.add(p.peername());
            assertTrue(p.healthy(), p.id());
        });
        assertEquals(Set.of("eu-1", "us-1", "asia-1"), names);
    }

    @Test
    void idIsOneOfTheClusterPeers() {
        ClusterPeer self = client().id();
        assertFalse(self.id().isEmpty());
        assertTrue(self.clusterPeers().contains(self.id()));
        assertEquals(3, self.clusterPeers().size());
    }

    @Test
    void recoverAnswersTheStatusOfThatCid() {
        pinGenesis42();
        GlobalPinInfo after = client().recover(pinned());
        assertEquals(pinned().toString(), after.cid());
        assertEquals(3, after.peerMap().size());
    }
}
