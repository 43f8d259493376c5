package io.satchel.renderer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code satchel.renderer.*}. */
@ConfigMapping(prefix = "satchel.renderer")
public interface RendererConfig {
    /** Blocks of one course rendered at the same time. */
    @WithDefault("4")
    int parallelism();

    /** Folder for snapshots being rendered (each render uses its own temp dir inside, deleted afterwards). */
    Optional<String> workDir();

    /** How long a course's unpacked snapshot is kept for the next publish after its last render. */
    @WithDefault("P14D")
    Duration exportRetention();

    /** Limits on an unpacked snapshot: a CMS-written event is no more trusted than an upload. */
    @WithDefault("2147483648")
    long maxUnpackedBytes();

    @WithDefault("200000")
    int maxEntries();

    /** Largest snapshot fetched from a sourceUrl. */
    @WithDefault("2147483648")
    long maxSourceBytes();

    /** Host names or CIDRs a sourceUrl may name although private or loopback (e.g. a CMS on the same network). */
    Optional<List<String>> sourceUrlAllowList();

    /** Hosts whose http(s) assets are fetched and bundled; others stay online and are listed missing. */
    Optional<List<String>> assetHosts();

    @WithDefault("104857600")
    long maxAssetBytes();
}
