package io.satchel.renderer.render;

import io.satchel.common.http.FetchException;
import io.satchel.common.http.SafeHttpFetcher;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * External http(s) assets: fetched (once per render, into the work dir) only from allow-listed hosts through the
 * SSRF-safe fetcher with its size limit; anything else stays online and is reported missing.
 */
public final class ExternalAssets {
    private static final Logger LOG = Logger.getLogger(ExternalAssets.class);

    private final SafeHttpFetcher fetcher;
    private final List<String> allowedHosts;
    private final Path workDir;
    private final Map<String, Optional<Path>> fetched = new ConcurrentHashMap<>();

    public ExternalAssets(SafeHttpFetcher fetcher, List<String> allowedHosts, Path workDir) {
        this.fetcher = fetcher;
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        this.workDir = workDir;
    }

    public static ExternalAssets none() {
        return new ExternalAssets(null, List.of(), null);
    }

    public boolean allowed(String url) {
        try {
            String host = URI.create(url).getHost();
            return fetcher != null && host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The fetched file, or empty when the host is not allowed or the fetch failed. */
    public Optional<Path> fetch(String url) {
        if (!allowed(url)) {
            return Optional.empty();
        }
        return fetched.computeIfAbsent(url, u -> {
            try {
                Path target = Files.createTempFile(workDir, "external-", ".bin");
                try (OutputStream out = Files.newOutputStream(target)) {
                    fetcher.fetch(u, out);
                }
                return Optional.of(target);
            } catch (FetchException | IOException e) {
                LOG.infof("external asset %s left online: %s", u, e.getMessage());
                return Optional.empty();
            }
        });
    }
}
