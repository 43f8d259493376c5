package io.satchel.client.download;

import io.satchel.client.api.ServerUnreachableException;
import io.satchel.client.api.SyncApiClient;
import io.satchel.client.api.SyncApiClient.OpenedDownload;
import io.satchel.events.OfflineManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Downloads one zip into a {@code .part} file, resuming with {@code Range} from what an earlier, interrupted attempt
 * left, and verifies size and SHA-256 against the manifest before anyone may unpack it. A connection dropped mid-way
 * is resumed a few times within one run; bytes that fail the checksum are thrown away.
 */
public final class ResumableFetcher {
    private static final int ATTEMPTS = 3;
    private final SyncApiClient api;

    public ResumableFetcher(SyncApiClient api) {
        this.api = api;
    }

    /** Leaves the verified file at {@code part} and returns it. */
    public Path fetch(OfflineManifest.Download d, Path part, DownloadListener listener) throws IOException {
        if (d == null || d.fileUrl() == null) {
            throw new IOException("the manifest has no fileUrl for this download");
        }
        Files.createDirectories(part.getParent());
        boolean resumed = false;
        ServerUnreachableException lastDrop = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            long have = Files.exists(part) ? Files.size(part) : 0;
            if (have > d.fileSize()) {
                Files.delete(part);
                have = 0;
            }
            try {
                if (have < d.fileSize() || d.fileSize() == 0 && !Files.exists(part)) {
                    resumed |= have > 0;
                    transfer(d, part, have, listener);
                }
            } catch (ServerUnreachableException e) {
                lastDrop = e; // a dropped connection: the next attempt resumes from what arrived
                continue;
            }
            if (Files.size(part) < d.fileSize()) {
                continue;
            }
            if (verified(d, part)) {
                return part;
            }
            Files.deleteIfExists(part);
            if (!resumed) {
                throw new ChecksumMismatchException("refused " + d.fileUrl().replaceAll("\\?.*", "")
                        + ": its SHA-256 or size does not match the manifest");
            }
            resumed = false; // the resumed prefix may have been stale: one fresh try from byte 0
        }
        if (lastDrop != null) {
            throw lastDrop;
        }
        throw new IOException("download did not complete after " + ATTEMPTS + " attempts");
    }

    private void transfer(OfflineManifest.Download d, Path part, long have, DownloadListener listener)
            throws IOException {
        try (OpenedDownload dl = api.openDownload(d.fileUrl(), have)) {
            boolean append;
            if (dl.status() == 206 && dl.start() == have) {
                append = true;
                listener.bytes(have); // the bytes an earlier run left count as done
            } else if (dl.status() == 200) {
                append = false; // the server ignored Range: start over
            } else {
                // 416 or a range we did not ask for: what we have is unusable
                Files.deleteIfExists(part);
                return;
            }
            try (OutputStream out = append
                    ? Files.newOutputStream(part, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newOutputStream(part)) {
                InputStream in = dl.body();
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    listener.bytes(n);
                }
            } catch (IOException e) {
                throw new ServerUnreachableException("the download of " + part.getFileName() + " was cut off ("
                        + e.getMessage() + ")", e);
            }
        }
    }

    private static boolean verified(OfflineManifest.Download d, Path file) throws IOException {
        return Files.size(file) == d.fileSize() && d.sha256() != null && d.sha256().equalsIgnoreCase(Sha256.of(file));
    }
}
