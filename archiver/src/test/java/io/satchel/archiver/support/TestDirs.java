package io.satchel.archiver.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fresh temp directories under target/ for @QuarkusTest classes (JUnit's @TempDir does not reach their instances). */
public final class TestDirs {
    private TestDirs() {
    }

    public static Path fresh() throws IOException {
        Path base = Path.of("target", "test-tmp");
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "it-");
    }
}
