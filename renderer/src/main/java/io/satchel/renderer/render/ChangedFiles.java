package io.satchel.renderer.render;

import io.satchel.renderer.olx.OlxNode;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The files a publish modified, to tell which blocks' content hashes can have changed without computing them.
 * Only valid when the publish changed file contents and nothing else: same course structure, no file added or
 * removed (then every lookup a block recorded resolves to the same file as before, and its hash changes exactly when
 * one of those files, or the block's own html file, changed). The check errs on the side of "may be affected": such
 * a block gets its hash computed again as usual.
 */
public final class ChangedFiles {
    private final Path staticDir;
    private final Path htmlDir;
    private final Set<Path> changed;
    private final Set<String> looseStaticNames = new HashSet<>();

    /** @param changed absolute normalized paths of the modified files */
    public ChangedFiles(Path exportRoot, Collection<Path> changed) {
        Path root = exportRoot.toAbsolutePath().normalize();
        this.staticDir = root.resolve("static");
        this.htmlDir = root.resolve("html");
        this.changed = Set.copyOf(changed);
        for (Path p : this.changed) {
            if (p.startsWith(staticDir)) {
                // the loose names an asset key may use for it (see CourseFiles#assetByKeyName)
                looseStaticNames.add(CourseFiles.loose(staticDir.relativize(p).toString().replace('\\', '/')));
                looseStaticNames.add(CourseFiles.loose(p.getFileName().toString()));
            }
        }
    }

    /** Whether the block's page may differ from the one its recorded {@code dependencies} described. */
    public boolean mayAffect(OlxNode block, Collection<String> dependencies) {
        if (block.definitionFile() != null && changed.contains(block.definitionFile().toAbsolutePath().normalize())) {
            return true;
        }
        String filename = block.htmlFilename();
        if (filename != null) {
            for (String name : HtmlPage.fileNames(filename)) {
                if (changed(htmlDir, name)) {
                    return true;
                }
            }
        }
        for (String dep : dependencies) {
            String name = dep.substring(Math.min(2, dep.length()));
            String kind = dep.substring(0, Math.min(2, dep.length()));
            boolean affected = switch (kind) {
                case ContentHash.STATIC -> changed(staticDir, name);
                case ContentHash.ASSET -> changed(staticDir, name) || looseStaticNames.contains(CourseFiles.loose(name));
                case ContentHash.PAGE, ContentHash.EXTERNAL -> false; // structure and configuration are unchanged
                default -> true;
            };
            if (affected) {
                return true;
            }
        }
        return false;
    }

    private boolean changed(Path dir, String relative) {
        try {
            return changed.contains(dir.resolve(relative.startsWith("/") ? relative.substring(1) : relative)
                    .normalize());
        } catch (InvalidPathException e) {
            return true;
        }
    }
}
