package me.grokme.pinning.dashboard;

import com.fasterxml.jackson.annotation.JsonValue;

/** Statuspage's component statuses, as published for nodes, regions and components. */
public enum ComponentStatus {
    OPERATIONAL,
    DEGRADED_PERFORMANCE,
    PARTIAL_OUTAGE,
    MAJOR_OUTAGE;

    @JsonValue
    public String wire() {
        return name().toLowerCase();
    }
}
