package io.satchel.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the infra jars and the shared test data are, from surefire properties or the cwd. */
final class Paths {
    static Path repo() {
        String p = System.getProperty("satchel.repo.dir");
        if (p != null) {
            return Path.of(p);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("infra/pom.xml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the Satchel repository from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static Path infra() {
        String p = System.getProperty("satchel.infra.dir");
        return p != null ? Path.of(p) : repo().resolve("infra/target");
    }

    static Path shared() {
        String p = System.getProperty("satchel.shared.dir");
        return p != null ? Path.of(p) : repo().resolve("../shared").normalize();
    }

    private Paths() {
    }
}
