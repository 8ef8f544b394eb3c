package me.grokme.pinning.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import me.grokme.pinning.clustersim.ClusterSimulator;
import me.grokme.pinning.clustersim.SimulatorConfig;
import me.grokme.pinning.ledger.LedgerTable;
import me.grokme.pinning.webhook.Deliveries;

/**
 * Issue #3's cold start: DynamoDB Local (server mode) and the simulator run here; each of N fresh JVMs runs
 * {@link ColdStartProbe} on the pin webhook's shaded jar with the production constructor and one delivery.
 *
 * <p>Usage: {@code ColdStartBenchmark <shaded jar> <bench classes dir> [runs=5]}.
 */
public final class ColdStartBenchmark {

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (ColdStarts.LocalDynamo dynamo = ColdStarts.startDynamo();
                ClusterSimulator sim = ClusterSimulator.start(SimulatorConfig.threeRegions())) {
            LedgerTable.createIfMissing(dynamo.client(), "cold-ledger");
            List<Path> events = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Path event = Files.createTempFile("delivery", ".json");
                Files.writeString(event, new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(WebhookBenchmark.mint(1_000_000L + i)));
                events.add(event);
            }
            Map<String, String> env = new HashMap<>(Deliveries.environment("cold-ledger", sim.baseUrl().toString()));
            env.put("DYNAMODB_ENDPOINT", dynamo.endpoint());
            // Each run delivers a different mint, so every first request does the full path.
            ColdStarts.run(jar, args[1], "me.grokme.pinning.bench.ColdStartProbe", i -> List.of(events.get(i).toString()), env, runs);
            for (Path e : events) {
                Files.delete(e);
            }
        }
    }
}
