package me.grokme.pinning.clustersim;

import java.util.List;

/** Simulator settings (skeleton; completed with the simulator). */
public record SimulatorConfig(int port, List<SimPeerSpec> peers) {

    /** One peer: its name ({@code peername}), region tag ({@code tag:region}) and free space in bytes. */
    public record SimPeerSpec(String name, String region, long freeSpaceBytes) {
    }
}
