package io.satchel.k8s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository, the overlays, the services' configuration and the shared CRD schemas are. */
final class Project {
    /** The services the overlays deploy; each is a module with src/main/resources/application.properties. */
    static final List<String> SERVICES = List.of("publish-listener", "renderer", "archiver", "sync-api");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    private Project() {
    }

    static Path repo() {
        String dir = System.getProperty("satchel.repo.dir");
        Path repo = dir != null ? Path.of(dir) : Path.of("").toAbsolutePath().resolve("../../..").normalize();
        if (!Files.isRegularFile(repo.resolve("deploy/k8s/base/kustomization.yaml"))) {
            throw new IllegalStateException("repository not found at " + repo + " (set -Dsatchel.repo.dir)");
        }
        return repo;
    }

    static Path overlay(String name) {
        return repo().resolve("deploy/k8s/overlays").resolve(name);
    }

    static Path applicationProperties(String service) {
        return repo().resolve(service).resolve("src/main/resources/application.properties");
    }

    /**
     * The strict CRD schemas (copied from datreeio/CRDs-catalog) beside the repository: required, never skipped.
     * Taken from SATCHEL_SHARED_DIR, else -Dsatchel.shared.dir, else ../shared, else /work/shared.
     */
    static Path crdSchemas() {
        String env = System.getenv("SATCHEL_SHARED_DIR");
        String prop = System.getProperty("satchel.shared.dir");
        // the order of testing's Paths.shared() (this module does not depend on it): the first that exists
        Path shared = repo().resolve("../shared");
        for (String candidate : new String[] {env, prop, repo().resolve("../shared").toString(), "/work/shared"}) {
            if (candidate != null && !candidate.isBlank() && Files.isDirectory(Path.of(candidate))) {
                shared = Path.of(candidate);
                break;
            }
        }
        Path crds = shared.resolve("schemas/crds").normalize();
        if (!Files.isDirectory(crds)) {
            throw new IllegalStateException("the CRD schemas are missing: " + crds + " must hold "
                    + "<group>/<kind>_<version>.json (see deploy/k8s/README.md, Checks). These checks need them.");
        }
        return crds;
    }
}
