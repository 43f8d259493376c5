package io.satchel.archiver.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** {@code satchel.archiver.*}. */
@ConfigMapping(prefix = "satchel.archiver")
public interface ArchiverConfig {
    /** Where zips are assembled before upload (one block zip and the course zip at a time); default: java.io.tmpdir. */
    Optional<Path> workDir();

    /**
     * Deflate level of compressible entries. Part of the archive bytes: changing it changes every rebuilt sha256, so
     * it is fixed per deployment.
     */
    @WithDefault("6")
    int compressionLevel();

    /** Blocks built at once, and as many uploads at once (each mostly waits on object storage). */
    @WithDefault("8")
    int parallelism();

    /**
     * Bytes of block zips one run may hold in memory at once (built or downloaded, until copied into the course zip and
     * uploaded); a zip above an eighth of it, or beyond the budget, goes to a temp file. Bounds the heap.
     */
    @WithDefault("33554432")
    long memoryBudget();

    /** Delete archives the live manifest no longer references once it is announced. */
    @WithDefault("true")
    boolean deleteUnreferenced();
}
