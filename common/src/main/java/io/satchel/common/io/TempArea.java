package io.satchel.common.io;

import java.nio.file.Path;
import java.util.List;

/**
 * A work dir where a service keeps temp files named with {@code prefixes}; a service produces one as a CDI bean and
 * {@link StaleTempCleanup} removes what a killed earlier process left there.
 */
public record TempArea(Path dir, List<String> prefixes) {
}
