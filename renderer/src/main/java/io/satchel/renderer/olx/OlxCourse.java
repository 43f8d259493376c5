package io.satchel.renderer.olx;

import io.satchel.events.CourseKey;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The structure of an exported course as Open edX imports it: the course's child blocks (chapters) and, below them,
 * containers of any depth down to the leaves, in course order.
 *
 * @param chapters     the course's child blocks (chapters; a chapter whose file cannot be read is a leaf with a problem)
 * @param root         export root (the folder holding course.xml)
 * @param pageTargets  url_name of any block → the leaf block id whose page shows it (a container → its first leaf);
 *                     used for {@code /jump_to_id/} links
 */
public record OlxCourse(CourseKey key, Path root, String displayName, String language, List<OlxNode> chapters,
        Map<String, String> pageTargets) {

    public Path staticDir() {
        return root.resolve("static");
    }

    /** Every leaf in course order, at any depth (leaves under a chapter or a sequential included). */
    public List<OlxNode> leaves() {
        List<OlxNode> out = new ArrayList<>();
        for (OlxNode chapter : chapters) {
            collectLeaves(chapter, out);
        }
        return out;
    }

    private static void collectLeaves(OlxNode node, List<OlxNode> out) {
        if (!node.isContainer()) {
            out.add(node);
            return;
        }
        for (OlxNode child : node.children()) {
            collectLeaves(child, out);
        }
    }

    /**
     * The course's sections for the manifest, in course order: each chapter, then the containers directly inside it
     * (sequentials, videosequences, ...), each with its path. Leaves and unreadable blocks are not sections.
     */
    public List<OlxNode> sections() {
        List<OlxNode> out = new ArrayList<>();
        for (OlxNode chapter : chapters) {
            if (chapter.isContainer()) {
                out.add(chapter);
                chapter.children().stream().filter(OlxNode::isContainer).forEach(out::add);
            }
        }
        return out;
    }

    public Optional<String> pageOf(String urlName) {
        return Optional.ofNullable(pageTargets.get(urlName));
    }
}
