package io.satchel.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository, the infra jars and the shared test data are, from surefire properties or the cwd. */
public final class Paths {
    public static Path repo() {
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

    public static Path infra() {
        String p = System.getProperty("satchel.infra.dir");
        return p != null ? Path.of(p) : repo().resolve("infra/target");
    }

    /**
     * The shared test data folder: {@code SATCHEL_SHARED_DIR}, else {@code ../shared} beside the repository (where CI
     * and the development machines keep it), else {@code /work/shared}; the first that exists, absolute and without
     * {@code ..} (the surefire property is {@code <repo>/../shared}, and callers compare paths by prefix).
     */
    public static Path shared() {
        String env = System.getenv("SATCHEL_SHARED_DIR");
        String prop = System.getProperty("satchel.shared.dir");
        for (String candidate : new String[] {env, prop, repo().resolve("../shared").normalize().toString(), "/work/shared"}) {
            if (candidate != null && Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate).toAbsolutePath().normalize();
            }
        }
        return repo().resolve("../shared").normalize();
    }

    private Paths() {
    }
}
