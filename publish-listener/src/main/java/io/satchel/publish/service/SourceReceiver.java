package io.satchel.publish.service;

import io.satchel.common.http.FetchException;
import io.satchel.common.http.FetchPolicy;
import io.satchel.common.http.SafeHttpFetcher;
import io.satchel.common.io.TempArea;
import io.satchel.common.rest.ApiException;
import io.satchel.publish.config.PublishConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Brings an export to a local spool file, from an upload body or from a webhook's sourceUrl (SSRF-safe: http(s)
 * only, private/loopback/link-local addresses refused unless allow-listed, every redirect re-checked, the vetted
 * address pinned, size and time bounded: a source still sending at {@code satchel.publish.fetch.total-timeout} is cut,
 * 422 SOURCE_TIMEOUT, and its spool file deleted).
 */
@Singleton
public class SourceReceiver {
    private final SafeHttpFetcher fetcher;
    private final long maxCompressedBytes;
    private final Path spoolDir;

    @Inject
    public SourceReceiver(PublishConfig config) {
        this(policy(config), config.archive().maxCompressedBytes(), spoolDir(config));
    }

    /** The spool dir's stale files (a killed process's) are removed at start ({@code StaleTempCleanup}). */
    @Produces
    @Singleton
    static TempArea spoolArea(PublishConfig config) {
        return new TempArea(spoolDir(config), List.of(SpooledSource.PREFIX));
    }

    /** {@code satchel.publish.spool-dir}, default {@code <java.io.tmpdir>/satchel-publish}. */
    public static Path spoolDir(PublishConfig config) {
        return config.spoolDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "satchel-publish"));
    }

    SourceReceiver(FetchPolicy policy, long maxCompressedBytes, Path spoolDir) {
        this.fetcher = new SafeHttpFetcher(policy);
        this.maxCompressedBytes = maxCompressedBytes;
        this.spoolDir = spoolDir;
    }

    /** Public hosts allowed, private ones only when allow-listed; never more bytes than an upload may have. */
    static FetchPolicy policy(PublishConfig config) {
        PublishConfig.Fetch f = config.fetch();
        return new FetchPolicy(f.allowList().orElse(List.of()), true,
                Math.min(f.maxBytes(), config.archive().maxCompressedBytes()), f.connectTimeout(), f.readTimeout(),
                f.totalTimeout(), f.maxRedirects());
    }

    /** Spools an upload body; refuses it (422 TOO_LARGE) once it passes the compressed-size limit. */
    public SpooledSource receive(InputStream body) {
        SpooledSource spool = SpooledSource.create(spoolDir);
        try {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = body.read(buffer)) >= 0) {
                spool.sink().write(buffer, 0, n);
                if (spool.size() > maxCompressedBytes) {
                    throw new ArchiveRejectedException(ArchiveRejectedException.TOO_LARGE,
                            "The upload is larger than " + maxCompressedBytes + " bytes.");
                }
            }
            spool.seal();
            return spool;
        } catch (IOException e) {
            spool.close();
            throw ApiException.badRequest("UPLOAD_FAILED", "The upload could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            spool.close();
            throw e;
        }
    }

    /** Refuses a sourceUrl that may not be fetched, before anything else happens. */
    public void check(String sourceUrl) {
        try {
            fetcher.check(URI.create(sourceUrl));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("INVALID_SOURCE_URL", "sourceUrl is not a valid URL: " + sourceUrl);
        } catch (FetchException e) {
            throw refused(e, sourceUrl);
        }
    }

    /** Spools the export at {@code sourceUrl}. */
    public SpooledSource fetch(String sourceUrl) {
        SpooledSource spool = SpooledSource.create(spoolDir);
        try {
            fetcher.fetch(sourceUrl, spool.sink());
            spool.seal();
            return spool;
        } catch (FetchException e) {
            spool.close();
            throw refused(e, sourceUrl);
        } catch (IOException e) {
            spool.close();
            throw new ApiException(422, FetchException.FAILED, "sourceUrl could not be stored: " + e.getMessage());
        }
    }

    /** 422 with the fetcher's code: the request is well-formed, but its URL cannot be used. */
    private static ApiException refused(FetchException e, String sourceUrl) {
        return new ApiException(422, e.code(), e.getMessage(), Map.of("sourceUrl", sourceUrl));
    }
}
