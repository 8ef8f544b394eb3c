package me.grokme.pinning.sweep;

import java.time.Instant;

/** A peer as this sweep shows it on the dashboard: no id, no address. */
record PeerView(String name, String region, PeerStatus status, Instant lastSeen, long pins, long freeBytes) {
}
