package io.satchel.renderer.olx;

import io.satchel.events.CourseKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of an exported course: chapters → sequentials → verticals → leaves, in course order.
 *
 * @param root         export root (the folder holding course.xml)
 * @param pageTargets  url_name of any block → the leaf block id whose page shows it (a container → its first leaf);
 *                     used for {@code /jump_to_id/} links
 */
public record OlxCourse(CourseKey key, Path root, String displayName, String language, List<OlxNode> chapters,
        Map<String, String> pageTargets) {

    public Path staticDir() {
        return root.resolve("static");
    }

    public List<OlxNode> sequentials() {
        return chapters.stream().flatMap(c -> c.children().stream()).toList();
    }

    public List<OlxNode> verticals() {
        return sequentials().stream().flatMap(s -> s.children().stream()).toList();
    }

    /** Every leaf in course order. */
    public List<OlxNode> leaves() {
        List<OlxNode> out = new ArrayList<>();
        for (OlxNode v : verticals()) {
            out.addAll(v.children());
        }
        return out;
    }

    public Optional<String> pageOf(String urlName) {
        return Optional.ofNullable(pageTargets.get(urlName));
    }
}
