package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import me.grokme.pinning.ledger.RetrievalRecord.Failure;
import me.grokme.pinning.ledger.RetrievalRecord.RegionCheck;
import me.grokme.pinning.ledger.RetrievalRecord.Result;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class RetrievalRecordCodecTest {

    private static final String CID = "bafkreibm6jg3ux5qumhcn2b3flc3tyu6dmlb4xa7u5bf44yegnrjhc4yeq";
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void a_record_with_a_failed_region_round_trips_and_sits_in_the_failed_queue() {
        RetrievalRecord r = new RetrievalRecord(CID, T1, Optional.of(T0), Map.of(
                "eu", new RegionCheck(T1, Result.VERIFIED, "", Optional.of(T1), 0, true),
                "asia", new RegionCheck(T1, Result.FAILED, "NOT_LOCAL", Optional.of(T0), 2, false)),
                List.of(new Failure(T1, "asia", "NOT_LOCAL", "412")));
        Map<String, AttributeValue> item = RetrievalRecordCodec.toItem(r);
        assertEquals(r, RetrievalRecordCodec.fromItem(item));
        assertEquals("CID#" + CID, item.get(LedgerTable.PK).s());
        assertEquals("PROBE", item.get(LedgerTable.SK).s());
        assertTrue(item.get(LedgerTable.GSI1PK).s().startsWith("PROBEFAIL#"), item.get(LedgerTable.GSI1PK).s());
        String sk = item.get(LedgerTable.GSI1SK).s();
        assertEquals(CID, RetrievalRecordCodec.cidOfQueueKey(sk));
        assertEquals(T1, RetrievalRecordCodec.timeOfQueueKey(sk));
        assertEquals(List.of("eu"), r.regionsVerified());
    }

    @Test
    void a_record_verified_at_its_last_probe_sits_in_the_ok_queue_and_a_never_verified_one_round_trips() {
        RetrievalRecord ok = new RetrievalRecord(CID, T1, Optional.of(T1), Map.of(), List.of());
        assertTrue(RetrievalRecordCodec.toItem(ok).get(LedgerTable.GSI1PK).s().startsWith("PROBED#"));
        RetrievalRecord never = new RetrievalRecord(CID, T1, Optional.empty(), Map.of(
                "us", new RegionCheck(T1, Result.INCONCLUSIVE, "size cap", Optional.empty(), 0, false)), List.of());
        assertEquals(never, RetrievalRecordCodec.fromItem(RetrievalRecordCodec.toItem(never)));
        assertTrue(RetrievalRecordCodec.toItem(never).get(LedgerTable.GSI1PK).s().startsWith("PROBEFAIL#"));
    }
}
