package io.satchel.renderer.olx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.events.CourseKey;
import io.satchel.events.RenderManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the structure of an OLX export the way Open edX imports it ({@code xmodule/modulestore/xml.py},
 * {@code xml_block.py}): {@code course.xml} → {@code course/{run}.xml} (or the course inline in course.xml) → each
 * child block, depth first, down to the leaves.
 * <ul>
 * <li>A block is a container when its type is one Open edX gives child blocks ({@link #CONTAINER_TYPES}); every
 * other type is a leaf, whatever child elements it has (drag-and-drop-v2, openassessment, poll... keep their own
 * content there). So leaves sit at any depth: under a chapter, a sequential, a vertical, a split_test group...</li>
 * <li>Pointer form ({@code is_pointer_tag}: only a url_name attribute, no content): the definition is
 * {@code {type}/{url_name}.xml}, url_name ':' → '/', whatever the root element of that file is called (a
 * {@code <chapter>} whose file's root is {@code <sequential>} is still a chapter). An html pointer without that file
 * uses {@code html/{url_name}.html}. Otherwise the element itself is the definition (inline). A {@code filename}
 * attribute (older courses) names the definition file: {@code {tag}/{filename}.xml}, or for html the HTML file next
 * to the block's pointer, with or without {@code .html}.</li>
 * <li>Blocks without url_name get Open edX's own name ({@link OpenEdxNames}).</li>
 * <li>A block whose own definition cannot be read (missing or malformed file, unsafe url_name) becomes a leaf with a
 * {@link OlxNode#problem()}; the rest of the course is read. Only course.xml, course/{run}.xml and a course without
 * any chapter make the course invalid ({@link InvalidCourseException}).</li>
 * <li>Only what course.xml reaches is read: {@code drafts/} (unpublished changes) is never offered.</li>
 * </ul>
 * Display names fall back to the course policy ({@link #readPolicy}). Leaves are only located here, not rendered.
 */
public final class OlxCourseReader {
    /** Open edX block types with child blocks ({@code has_children}) whose children are course content. */
    static final Set<String> CONTAINER_TYPES = Set.of("chapter", "sequential", "videosequence", "problemset",
            "vertical", "unit", "wrapper", "split_test", "library_content", "itembank", "conditional", "randomize",
            "library_sourced");
    /** Types whose import passes children as {@code etree.tostring(child, encoding='unicode')} (SequenceMixin). */
    private static final Set<String> UNICODE_CHILDREN = Set.of("course", "chapter", "sequential", "videosequence",
            "problemset", "conditional");
    /** XmlMixin types whose {@code filename} attribute names their definition file (Open edX's load_definition). */
    private static final Set<String> FILENAME_TYPES = Set.of("problem", "chapter", "sequential", "videosequence",
            "problemset", "vertical", "wrapper", "split_test", "library_content", "itembank", "conditional",
            "randomize", "annotatable", "word_cloud", "lti", "poll_question", "customtag");
    /** Child elements that are not blocks: course textbooks and wiki, conditional's {@code <show>}, metadata. */
    private static final Map<String, Set<String>> NOT_BLOCKS = Map.of("course", Set.of("textbook", "wiki"),
            "conditional", Set.of("show"));
    private static final Pattern TYPE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final int MAX_DEPTH = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final OpenEdxNames names = new OpenEdxNames();
    private final Map<String, String> pageTargets = new LinkedHashMap<>();
    private final Set<Path> open = new HashSet<>(); // definition files on the current path (a cycle is a problem)
    private CourseKey key;
    private Map<String, JsonNode> policy = Map.of();

    private OlxCourseReader(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /**
     * @param root     the export root (holding course.xml)
     * @param expected the course the event names; the export must be that course (null: accept any)
     */
    public static OlxCourse read(Path root, CourseKey expected) {
        return new OlxCourseReader(root).read(expected);
    }

    private OlxCourse read(CourseKey expected) {
        Path courseXml = root.resolve("course.xml");
        if (!Files.isRegularFile(courseXml, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidCourseException("MISSING_COURSE_XML", "the export has no course.xml");
        }
        OlxElement pointer = SecureXml.parseTree(courseXml);
        key = pointer.name().equals("course") ? CourseKey.ofCourseXml(pointer.attr("org"), pointer.attr("course"),
                pointer.attr("url_name"), pointer.attr("slug"), pointer.attr("name")) : null;
        if (key == null) {
            throw new InvalidCourseException("MALFORMED_OLX", "course.xml is not a <course> with org, course and "
                    + "url_name (or slug or name)");
        }
        String run = key.run();
        if (expected != null && !expected.equals(key)) {
            throw new InvalidCourseException("COURSE_MISMATCH",
                    "the export is " + key.courseId() + ", the event names " + expected.courseId());
        }
        policy = readPolicy(run);
        OlxElement course = courseDefinition(pointer, run);
        JsonNode coursePolicy = policy.get("course/" + run);
        String displayName = firstNonBlank(course.attr("display_name"),
                coursePolicy == null ? null : coursePolicy.path("display_name").asText(null), key.courseId());
        String language = firstNonBlank(course.attr("language"),
                coursePolicy == null ? null : coursePolicy.path("language").asText(null), "en");

        names.name(pointer, new byte[0]); // the course holds its run as a course name
        List<OlxNode> chapters = new ArrayList<>();
        for (OlxElement child : blockChildren(course, "course")) {
            chapters.add(block(child, course, "course", List.of(), 1));
        }
        if (chapters.isEmpty()) {
            throw new InvalidCourseException("NO_STRUCTURE", "the course has no chapter");
        }
        chapters.forEach(this::linkContainersToFirstLeaf);
        return new OlxCourse(key, root, displayName, language, List.copyOf(chapters), Map.copyOf(pageTargets));
    }

    /** The course element: course/{run}.xml for the pointer Studio writes, else the course inline in course.xml. */
    private OlxElement courseDefinition(OlxElement pointer, String run) {
        Path file = file("course", run);
        boolean pointed = pointer.isPointer()
                || (pointer.childElements().isEmpty() && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS));
        if (!pointed) {
            return pointer;
        }
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidCourseException("MISSING_FILE", "course/" + run + ".xml does not exist");
        }
        return SecureXml.parseTree(file);
    }

    /** One block and, for a container, everything below it. */
    private OlxNode block(OlxElement el, OlxElement parent, String parentType, List<String> path, int depth) {
        String type = el.name();
        String urlName = names.name(el, parent.openEdxBytes(el, !UNICODE_CHILDREN.contains(parentType)));
        String blockId = key.blockId(type, urlName);
        Definition def = depth > MAX_DEPTH
                ? Definition.failed(null, new RenderManifest.Problem("MALFORMED_OLX", "blocks nest deeper than "
                        + MAX_DEPTH + " levels"))
                : definition(el, type, urlName);
        String displayName = displayName(def.element() == null ? null : def.element().attr("display_name"), el, type,
                urlName);
        if (def.problem() == null && CONTAINER_TYPES.contains(type)) {
            OlxNode node = OlxNode.container(type, urlName, blockId, displayName, path);
            List<String> childPath = append(path, blockId);
            if (def.file() != null) {
                open.add(def.file());
            }
            for (OlxElement child : blockChildren(def.element(), type)) {
                node.children().add(block(child, def.element(), type, childPath, depth + 1));
            }
            if (def.file() != null) {
                open.remove(def.file());
            }
            return node;
        }
        pageTargets.putIfAbsent(urlName, blockId);
        boolean inline = def.file() == null;
        Path htmlFile = def.problem() == null && type.equals("html") ? def.htmlFile() : null;
        return OlxNode.leaf(type, urlName, blockId, displayName, path, def.file(),
                inline ? (def.element() != null ? def.element() : el).toXml() : null,
                htmlFile == null ? null : root.resolve("html").relativize(htmlFile).toString().replace('\\', '/'),
                htmlFile, def.problem());
    }

    /**
     * Where a block's definition is: element (parsed), file (null: inline), html file; or the problem that keeps it
     * from being read.
     */
    private record Definition(OlxElement element, Path file, Path htmlFile, RenderManifest.Problem problem) {
        static Definition failed(Path file, RenderManifest.Problem problem) {
            return new Definition(null, file, null, problem);
        }
    }

    private Definition definition(OlxElement el, String type, String urlName) {
        OlxElement def = el;
        Path file = null;
        try {
            if (el.isPointer()) {
                Path pointed = file(type, urlName);
                if (!Files.isRegularFile(pointed, LinkOption.NOFOLLOW_LINKS)) {
                    Path html = type.equals("html") ? root.resolve("html").resolve(urlName.replace(':', '/')
                            + ".html").normalize() : null;
                    if (html != null && html.startsWith(root.resolve("html"))
                            && Files.isRegularFile(html, LinkOption.NOFOLLOW_LINKS)) {
                        return new Definition(el, null, html, null); // html/NAME.html without html/NAME.xml
                    }
                    return Definition.failed(null, missing(pointed));
                }
                file = pointed;
                def = parse(pointed);
            }
            String filename = def.attr("filename");
            if (filename != null && FILENAME_TYPES.contains(type)) {
                // older courses: the definition is in {tag}/{filename}.xml, the pointer's attributes laid over it
                Path named = file(def.name(), filename);
                if (!Files.isRegularFile(named, LinkOption.NOFOLLOW_LINKS)) {
                    return Definition.failed(null, missing(named));
                }
                file = named;
                def = parse(named).withAttributes(def.attributes());
            }
            if (file != null && open.contains(file)) {
                return Definition.failed(file, new RenderManifest.Problem("MALFORMED_OLX",
                        relative(file) + " contains itself"));
            }
            Path html = type.equals("html") && filename != null ? htmlFile(urlName, filename) : null;
            return new Definition(def, file, html, null);
        } catch (InvalidCourseException e) {
            return Definition.failed(file, new RenderManifest.Problem(e.code(), e.getMessage()));
        }
    }

    private OlxElement parse(Path file) {
        try {
            return SecureXml.parseTree(file);
        } catch (InvalidCourseException e) {
            throw new InvalidCourseException(e.code(), "cannot parse " + relative(file) + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
        }
    }

    private RenderManifest.Problem missing(Path file) {
        return new RenderManifest.Problem("MISSING_FILE", relative(file) + " does not exist");
    }

    /**
     * An html block's HTML file as Open edX's html block finds it: {@code filename + ".html"} in the folder of the
     * block's pointer ({@code html/} plus the url_name's folders), else its {@code backcompat_paths} ({@code .html}
     * already in the filename, or the same path one folder up), then (beyond Open edX, as Satchel always read it)
     * the filename relative to {@code html/}; never outside {@code html/}. The first that exists, else Open edX's
     * path (the page then reports it missing).
     */
    private Path htmlFile(String urlName, String filename) {
        Path htmlDir = root.resolve("html");
        String pointerPath = "html/" + urlName.replace(':', '/');
        String base = pointerPath.substring(0, pointerPath.lastIndexOf('/'));
        String primary = base + "/" + filename + ".html";
        List<String> candidates = new ArrayList<>();
        candidates.add(primary);
        String p = primary.endsWith(".html.html") ? primary.substring(0, primary.length() - 5) : primary;
        String reported = p;
        while (p.contains("/")) {
            candidates.add(p);
            p = p.substring(p.indexOf('/') + 1);
        }
        // beyond Open edX: the filename relative to html/ itself (earlier Satchel exports put the file there)
        candidates.add("html/" + filename + ".html");
        candidates.add("html/" + filename);
        Path first = root.resolve(reported).normalize().startsWith(htmlDir) ? root.resolve(reported).normalize()
                : null;
        for (String c : candidates) {
            Path file = root.resolve(c).normalize();
            if (!file.startsWith(htmlDir)) {
                continue;
            }
            first = first == null ? file : first;
            if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return file;
            }
        }
        if (first == null) {
            throw new InvalidCourseException("UNSAFE_PATH", "html filename " + filename + " points outside html/");
        }
        return first;
    }

    /** A block's child blocks: child elements except comments, namespaced fields and known non-block elements. */
    private static List<OlxElement> blockChildren(OlxElement def, String type) {
        Set<String> notBlocks = NOT_BLOCKS.getOrDefault(type, Set.of());
        List<OlxElement> out = new ArrayList<>();
        for (OlxElement child : def.childElements()) {
            String tag = child.name();
            if (!tag.contains(":") && !tag.equals("meta") && !notBlocks.contains(tag)) {
                out.add(child);
            }
        }
        return out;
    }

    private void linkContainersToFirstLeaf(OlxNode node) {
        if (!node.isContainer()) {
            return;
        }
        node.children().forEach(this::linkContainersToFirstLeaf);
        firstLeaf(node).ifPresent(leaf -> pageTargets.putIfAbsent(node.urlName(), leaf));
    }

    private static java.util.Optional<String> firstLeaf(OlxNode node) {
        if (!node.isContainer()) {
            return java.util.Optional.of(node.blockId());
        }
        for (OlxNode child : node.children()) {
            java.util.Optional<String> leaf = firstLeaf(child);
            if (leaf.isPresent()) {
                return leaf;
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code type/name.xml}, name ':' → '/'; never outside {@code type/} (so never in drafts/). */
    private Path file(String type, String name) {
        Path dir = root.resolve(type);
        Path file = dir.resolve(name.replace(':', '/') + ".xml").normalize();
        if (!TYPE_NAME.matcher(type).matches() || type.equals("drafts") || !file.startsWith(dir)) {
            throw new InvalidCourseException("UNSAFE_PATH", "url_name " + name + " points outside " + type + "/");
        }
        return file;
    }

    private String relative(Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    private static List<String> append(List<String> path, String id) {
        List<String> out = new ArrayList<>(path);
        out.add(id);
        return List.copyOf(out);
    }

    private String displayName(String own, OlxElement pointer, String type, String urlName) {
        JsonNode p = policy.get(type + "/" + urlName);
        return firstNonBlank(own, pointer.attr("display_name"),
                p == null ? null : p.path("display_name").asText(null), defaultName(type));
    }

    static String defaultName(String type) {
        return switch (type) {
            case "html" -> "Text";
            case "problem" -> "Problem";
            case "video" -> "Video";
            case "chapter" -> "Section";
            case "sequential" -> "Subsection";
            case "vertical" -> "Unit";
            default -> type;
        };
    }

    /**
     * The course policy as Open edX's {@code load_policy} reads it: {@code policies/{run}/policy.json}, else (older
     * courses) {@code policies/{run}.json}; a missing or unreadable file (not JSON, not an object) counts as an empty
     * policy, never as a broken course — it only supplies display names here.
     */
    private Map<String, JsonNode> readPolicy(String run) {
        Map<String, JsonNode> policy = readPolicyFile(root.resolve("policies").resolve(run).resolve("policy.json"));
        return policy.isEmpty() ? readPolicyFile(root.resolve("policies").resolve(run + ".json")) : policy;
    }

    private Map<String, JsonNode> readPolicyFile(Path path) {
        Path file = path.normalize();
        if (!file.startsWith(root.resolve("policies")) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            Map<String, JsonNode> out = new LinkedHashMap<>();
            if (node != null && node.isObject()) {
                node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            }
            return out;
        } catch (IOException e) {
            return Map.of(); // Open edX logs it and imports the course without the policy
        }
    }

    /** Child elements of any name (DOM; the renderers' view of a definition). */
    public static List<Element> childElementsOf(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    public static String attr(Element el, String name) {
        String v = el.getAttribute(name);
        return v == null || v.isBlank() ? null : v;
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }
}
