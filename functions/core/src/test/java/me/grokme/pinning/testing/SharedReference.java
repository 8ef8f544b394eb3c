package me.grokme.pinning.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates the team's shared reference material (../shared beside the project). A user's fresh clone has
 * none, so every test that reads it skips, saying so, when it is absent.
 */
public final class SharedReference {

    private SharedReference() {
    }

    /** The shared directory; skips the calling test when it does not exist. */
    public static Path dir() {
        String configured = System.getProperty("shared.dir", "../../../shared");
        Path dir = Path.of(configured).toAbsolutePath().normalize();
        assumeTrue(Files.isDirectory(dir.resolve("reference")),
                () -> dir + " (../shared beside the project) not present: skipping the check against shared reference data");
        return dir;
    }

    /** A file under shared/reference; skips the calling test when it does not exist. */
    public static Path reference(String relative) {
        Path file = dir().resolve("reference").resolve(relative);
        assumeTrue(Files.isRegularFile(file), () -> file + " not present: skipping");
        return file;
    }
}
