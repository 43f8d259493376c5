package io.satchel.publish.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Limits and timings of the publish listener ({@code satchel.publish.*}). */
@ConfigMapping(prefix = "satchel.publish")
public interface PublishConfig {

    /** Where exports are spooled while they are checked; default: the JVM temp dir. */
    Optional<Path> spoolDir();

    Archive archive();

    Fetch fetch();

    /** What an accepted OLX tar.gz may hold. */
    interface Archive {
        /** Size of the tar.gz as received (upload body or fetched file). */
        @WithDefault("2147483648")
        long maxCompressedBytes();

        /** Sum of all unpacked bytes (tar stream), the contract's "over-size" limit. */
        @WithDefault("2147483648")
        long maxUnpackedBytes();

        @WithDefault("536870912")
        long maxFileBytes();

        @WithDefault("100000")
        int maxEntries();

        /** Unpacked / compressed bytes above this is treated as a gzip bomb ... */
        @WithDefault("100")
        double maxCompressionRatio();

        /** ... once this many bytes were unpacked (small archives of padding compress extremely well). */
        @WithDefault("16777216")
        long ratioCheckAfterBytes();

        @WithDefault("1048576")
        int maxCourseXmlBytes();
    }

    /** Fetching the sourceUrl of a webhook. */
    interface Fetch {
        /** Host names or CIDR ranges that may be fetched although private/loopback (e.g. an in-cluster CMS). */
        Optional<List<String>> allowList();

        @WithDefault("2147483648")
        long maxBytes();

        @WithDefault("PT5S")
        Duration connectTimeout();

        @WithDefault("PT120S")
        Duration readTimeout();

        @WithDefault("5")
        int maxRedirects();
    }
}
