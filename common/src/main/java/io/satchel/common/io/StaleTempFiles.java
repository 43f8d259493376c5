package io.satchel.common.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Removes, at start, the temp files and folders a killed (-9) process of this service left in its work dir: the
 * top-level entries named with one of the service's temp prefixes and last modified before this process started.
 * Nothing else in the dir is touched (e.g. the renderer's retained exports).
 *
 * <p>Several instances may share a work dir (instances on one host): every live instance holds a shared lock on
 * {@value #LOCK_FILE} for its lifetime, and the cleanup runs only when the exclusive lock is free, i.e. no live
 * sibling may still own an old temp file. The OS drops the locks of a killed process.
 */
public final class StaleTempFiles {
    static final String LOCK_FILE = ".satchel-work.lock";
    private static final Logger LOG = Logger.getLogger(StaleTempFiles.class);

    private final Path dir;
    private FileChannel lockChannel; // open for the life of the process: its shared lock says "in use"

    public StaleTempFiles(Path dir) {
        this.dir = dir;
    }

    /**
     * Cleans {@code dir} of stale entries named {@code prefix*}, then marks the dir as used by this process.
     *
     * @return how many entries were removed (0 also when a live sibling shares the dir)
     */
    public synchronized int cleanAtStart(List<String> prefixes, Instant processStart) {
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, StandardOpenOption.READ);
            int removed = 0;
            FileLock exclusive = tryLock(false);
            if (exclusive == null) {
                LOG.infof("%s is in use by another live instance: its temp files are left alone", dir);
            } else {
                try {
                    removed = removeStale(prefixes, processStart);
                } finally {
                    exclusive.release();
                }
            }
            if (tryLock(true) == null) {
                LOG.debugf("no shared lock on %s (an instance is cleaning it right now)", dir);
            }
            return removed;
        } catch (IOException e) {
            LOG.warnf("could not clean stale temp files in %s: %s", dir, e.getMessage());
            return 0;
        }
    }

    /** When this JVM started (files older than that cannot be this process's own). */
    public static Instant processStart() {
        return ProcessHandle.current().info().startInstant().orElseGet(
                () -> Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime()));
    }

    private FileLock tryLock(boolean shared) throws IOException {
        try {
            return lockChannel.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already holds a lock on the file (another instance in the same JVM, in tests)
        }
    }

    private int removeStale(List<String> prefixes, Instant processStart) throws IOException {
        List<Path> stale;
        try (Stream<Path> entries = Files.list(dir)) {
            stale = entries.filter(p -> prefixes.stream().anyMatch(prefix -> p.getFileName().toString()
                    .startsWith(prefix))).filter(p -> olderThan(p, processStart)).toList();
        }
        for (Path p : stale) {
            deleteTree(p);
        }
        if (!stale.isEmpty()) {
            LOG.infof("removed %d stale temp file(s) left in %s by an earlier process", stale.size(), dir);
        }
        return stale.size();
    }

    private static boolean olderThan(Path p, Instant start) {
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(start);
        } catch (IOException e) {
            return false; // gone already
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
