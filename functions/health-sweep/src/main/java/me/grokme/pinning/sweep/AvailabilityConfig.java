package me.grokme.pinning.sweep;

import java.time.Duration;
import java.util.Map;
import me.grokme.pinning.config.Env;

/**
 * What the availability recorder needs, read once from the environment.
 *
 * @param underReplicatedPercent content under-replicated above this share of all CIDs is an incident
 * @param minObserved            observation before an availability or durability number is published
 * @param interval               the sweeps' period: gaps over three of them are "no data"
 */
public record AvailabilityConfig(double underReplicatedPercent, Duration minObserved, Duration interval) {

    public static AvailabilityConfig fromEnvironment(Map<String, String> environment) {
        Env env = new Env(environment);
        String raw = env.optional("INCIDENT_UNDER_REPLICATED_PERCENT", "1");
        double percent = -1;
        try {
            percent = Double.parseDouble(raw);
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!(percent >= 0 && percent < 100)) {
            env.problem("INCIDENT_UNDER_REPLICATED_PERCENT must be a number from 0 to below 100, was: " + raw);
        }
        int days = env.integer("DURABILITY_MIN_DAYS", 7, 1, 90);
        Duration interval = env.duration("SWEEP_INTERVAL", Duration.ofMinutes(5));
        env.validate();
        return new AvailabilityConfig(percent, Duration.ofDays(days), interval);
    }
}
