package me.grokme.pinning.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import me.grokme.pinning.devchain.Ganache;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The bytecode checked in under contracts/build is exactly what solc-js (pinned in contracts/package.json) makes of contracts/src. */
class ContractArtifactsIT {

    @Test
    void checkedInArtifactsMatchAFreshCompile() throws IOException, InterruptedException {
        Assumptions.assumeTrue(Ganache.canRun(), Ganache::missing);
        Path dir = Ganache.contractsDir();
        Process p = new ProcessBuilder("node", "compile.mjs", "--check").directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);
    }
}
