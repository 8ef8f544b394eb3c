package me.grokme.pinning.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import org.junit.jupiter.api.Test;

/** The stored key strings: items already in the table are found only while these stay as they are (LEDGER.md). */
class TableKeysTest {

    private static String pk(Map<String, AttributeValue> key) {
        return key.get(LedgerTable.PK).s();
    }

    private static String sk(Map<String, AttributeValue> key) {
        return key.get(LedgerTable.SK).s();
    }

    @Test
    void theCidItemsKeepTheirKeys() {
        assertEquals("CID#bafyx", pk(TableKeys.pin("bafyx")));
        assertEquals("PIN", sk(TableKeys.pin("bafyx")));
        assertEquals("HEALTH", sk(TableKeys.health("bafyx")));
        assertEquals("PROBE", sk(RetrievalRecordCodec.key("bafyx")));
        Instant at = Instant.parse("2026-12-02T08:00:00Z");
        assertEquals("OPS#2026-12-02", pk(TableKeys.opByDay(at, "id1")));
        assertEquals("id1", sk(TableKeys.opByDay(at, "id1")));
        assertEquals("CID#bafyx", pk(TableKeys.opByCid("bafyx", "id1")));
        assertEquals("OP#id1", sk(TableKeys.opByCid("bafyx", "id1")));
    }

    @Test
    void theChainItemsAndQueuesKeepTheirKeys() {
        LogKey log = new LogKey(1, "0x" + "ab".repeat(32), 3, "");
        assertEquals("LOG#1#0x" + "ab".repeat(32) + "#3", log.partitionKey());
        assertEquals(log, LogKey.parse(log.partitionKey()));
        assertEquals("CHAIN#1#0xc0", pk(TableKeys.checkpoint("1#0xc0")));
        assertEquals("CHECKPOINT", sk(TableKeys.checkpoint("1#0xc0")));
        assertEquals("BLOCKS#1#2#5", TableKeys.blockIndex(1, 2, "5"));
        assertEquals("PENDING#3", TableKeys.queueShard(PinState.PENDING.name(), "3"));
        assertEquals("DEEP#3", TableKeys.queueShard(TableKeys.DEEP_QUEUE, "3"));
        assertEquals("RANGE#3", TableKeys.queueShard(TableKeys.RANGE_QUEUE, "3"));
        assertEquals("PROBED#3", TableKeys.queueShard(RetrievalRecordCodec.OK_QUEUE, "3"));
        assertEquals("PROBEFAIL#3", TableKeys.queueShard(RetrievalRecordCodec.FAILED_QUEUE, "3"));
        assertEquals("VIA#bafyparent", TableKeys.VIA_PREFIX + "bafyparent");
    }

    @Test
    void theSweepAndDashboardItemsKeepTheirKeys() {
        assertEquals("SWEEP#7", pk(TableKeys.sweepState(7)));
        assertEquals("STATE", sk(TableKeys.sweepState(7)));
        assertEquals("PEERS", pk(TableKeys.peers()));
        assertEquals("ALL", sk(TableKeys.peers()));
        assertEquals("LEASE#sweep", pk(TableKeys.sweepLease()));
        assertEquals("LEASE", sk(TableKeys.sweepLease()));
        assertEquals("SUMMARY", TableKeys.SUMMARY_PK);
        assertEquals("CURRENT", TableKeys.CURRENT_SK);
        assertEquals("HIST#PEER#", TableKeys.HIST_PEER_PREFIX);
        assertEquals("HIST#REPLICATION", TableKeys.HIST_REPLICATION_SK);
        assertEquals("AVAIL", TableKeys.AVAIL_PK);
    }
}
