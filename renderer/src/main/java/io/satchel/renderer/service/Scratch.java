package io.satchel.renderer.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A temporary folder for one publish (a fetched snapshot, external assets), deleted when closed. */
final class Scratch implements AutoCloseable {
    /** Name prefix of every scratch folder (stale ones are removed at start: {@code CourseRenderService#scratchArea}). */
    static final String PREFIX = "render-";

    private final Path dir;

    private Scratch(Path dir) {
        this.dir = dir;
    }

    static Scratch in(Path workDir) {
        try {
            Files.createDirectories(workDir);
            return new Scratch(Files.createTempDirectory(workDir, PREFIX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path dir() {
        return dir;
    }

    /** A folder inside the scratch folder. */
    Path dir(String name) {
        try {
            return Files.createDirectories(dir.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deleteTree(dir);
    }

    static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary files; the OS cleans up what is left
        }
    }
}
