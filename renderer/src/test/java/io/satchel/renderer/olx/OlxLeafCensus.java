package io.satchel.renderer.olx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The leaves an OLX export defines, counted apart from {@link OlxCourseReader} (plain DOM, its own small table of
 * Open edX container types), to check the reader against: every element course.xml reaches is a leaf unless it is of
 * a container type and its definition can be read; then its child elements are walked. A block whose name Open edX
 * generates from a hash is expected as a pattern ({@code type_<12 hex>}); the reader's unit tests check the hash.
 */
final class OlxLeafCensus {
    /** Open edX's container types (has_children, children are course content), as listed in edx-platform. */
    private static final Set<String> CONTAINERS = Set.of("chapter", "sequential", "videosequence", "problemset",
            "vertical", "unit", "wrapper", "split_test", "library_content", "itembank", "conditional", "randomize",
            "library_sourced");
    private static final Set<String> STATEFUL = Set.of("problem", "sequential", "video", "course", "chapter",
            "poll_question", "vertical");

    /** One leaf: its id and each ancestor id as a pattern, outermost first. */
    record Leaf(Pattern id, List<Pattern> path) {
        boolean matches(String blockId, List<String> actualPath) {
            if (!id.matcher(blockId).matches() || actualPath.size() != path.size()) {
                return false;
            }
            for (int i = 0; i < path.size(); i++) {
                if (!path.get(i).matcher(actualPath.get(i)).matches()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return id.pattern() + " under " + path;
        }
    }

    private final Path root;
    private final String prefix;
    private final java.util.Map<String, java.util.Set<String>> used = new java.util.HashMap<>();
    private final List<Leaf> leaves = new ArrayList<>();

    private OlxLeafCensus(Path root, String prefix) {
        this.root = root.toAbsolutePath().normalize(); // tryParse compares normalized paths against it
        this.prefix = prefix;
    }

    static List<Leaf> leaves(Path root) throws Exception {
        Element pointer = parse(root.resolve("course.xml"));
        String run = io.satchel.events.CourseKey.ofCourseXml(pointer.getAttribute("org"),
                pointer.getAttribute("course"), pointer.getAttribute("url_name"), pointer.getAttribute("slug"),
                pointer.getAttribute("name")).run();
        OlxLeafCensus census = new OlxLeafCensus(root, "block-v1:" + pointer.getAttribute("org") + "+"
                + pointer.getAttribute("course") + "+" + run + "+type@");
        Element course = elements(pointer).isEmpty() ? parse(root.resolve("course/" + run + ".xml")) : pointer;
        census.walk(course, List.of());
        return census.leaves;
    }

    private void walk(Element parent, List<Pattern> path) {
        String parentTag = parent.getTagName();
        for (Element child : elements(parent)) {
            String tag = child.getTagName();
            if (tag.contains(":") || tag.equals("meta")
                    || (parentTag.equals("course") && (tag.equals("wiki") || tag.equals("textbook")))
                    || (parentTag.equals("conditional") && tag.equals("show"))) {
                continue;
            }
            Pattern id = Pattern.compile(Pattern.quote(prefix + tag + "+block@") + name(child));
            Element definition = definition(child);
            if (CONTAINERS.contains(tag) && definition != null) {
                List<Pattern> below = new ArrayList<>(path);
                below.add(id);
                walk(definition, below);
            } else {
                leaves.add(new Leaf(id, path));
            }
        }
    }

    /** The element's url_name as a regex: the name it has, else Open edX's generated {@code tag_<hash>}. */
    private String name(Element el) {
        String tag = el.getTagName();
        String name = null;
        for (String attribute : List.of("url_name", "slug", "name", "display_name")) {
            if (el.hasAttribute(attribute)) {
                name = el.getAttribute(attribute);
                if (attribute.equals("name") || attribute.equals("display_name")) {
                    name = name.replaceAll("[^\\p{L}\\p{N}_.%-]", "_").replaceAll("_+", "_");
                }
                break;
            }
        }
        if (name == null || name.isEmpty()) {
            return Pattern.quote(tag + "_") + "[0-9a-f]{12}";
        }
        if (!used.computeIfAbsent(tag, t -> new java.util.HashSet<>()).add(name) && STATEFUL.contains(tag)) {
            return Pattern.quote(tag + "_" + name + "_") + "[0-9a-f]{12}";
        }
        return Pattern.quote(name);
    }

    /** The element holding the block's content, or null when it cannot be read. */
    private Element definition(Element el) {
        Element def = el;
        boolean pointer = el.getAttributes().getLength() == 1 && el.hasAttribute("url_name") && elements(el).isEmpty()
                && el.getTextContent().isBlank();
        if (pointer) {
            def = tryParse(root.resolve(el.getTagName()).resolve(el.getAttribute("url_name").replace(':', '/') + ".xml"));
        }
        if (def != null && def.hasAttribute("filename") && !el.getTagName().equals("html")) {
            def = tryParse(root.resolve(def.getTagName()).resolve(def.getAttribute("filename") + ".xml"));
        }
        return def;
    }

    private Element tryParse(Path file) {
        if (!file.normalize().startsWith(root) || !Files.isRegularFile(file)) {
            return null;
        }
        try {
            return parse(file);
        } catch (Exception e) {
            return null;
        }
    }

    private static Element parse(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(file.toFile());
        return doc.getDocumentElement();
    }

    private static List<Element> elements(Element parent) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The shared data folder, found as every test finds it ({@link io.satchel.testing.Paths#shared()}). */
    static Path sharedData() throws IOException {
        return io.satchel.testing.Paths.shared().resolve("data");
    }

    /** The courses of ../shared/data, by the name the benchmark table uses. */
    static java.util.Map<String, Path> sharedCourses() throws IOException {
        Path data = sharedData();
        java.util.Map<String, Path> out = new java.util.LinkedHashMap<>();
        out.put("Open edX demo course", data.resolve("openedx-demo-course/demo-course/course"));
        out.put("edx-platform toy", data.resolve("edx-platform-test-courses/toy"));
        out.put("edx-platform simple", data.resolve("edx-platform-test-courses/simple"));
        out.put("edx-platform two-toys", data.resolve("edx-platform-test-courses/two-toys"));
        return out;
    }

    /** One course's figures for docs/benchmarks.md. */
    record Count(String course, int defined, int offered, long unavailable, int matched) {
        String row() {
            return "| " + course + " | " + defined + " | " + offered + " | " + unavailable + " | " + matched + " |";
        }
    }

    static final String TABLE_HEADER = "| course | leaves defined (census) | leaves offered | of which unavailable "
            + "(problem) | offered leaves matching a defined one (id and path) |\n| --- | --- | --- | --- | --- |";

    /** The "leaves offered / leaves defined" figures of docs/benchmarks.md (RealCoursesReadTest prints them). */
    static List<Count> counts() throws Exception {
        List<Count> out = new ArrayList<>();
        for (var e : sharedCourses().entrySet()) {
            List<Leaf> defined = leaves(e.getValue());
            List<OlxNode> offered = OlxCourseReader.read(e.getValue(), null).leaves();
            long problems = offered.stream().filter(n -> n.problem() != null).count();
            int matched = 0;
            for (OlxNode n : offered) {
                if (defined.stream().anyMatch(l -> l.matches(n.blockId(), n.path()))) {
                    matched++;
                }
            }
            out.add(new Count(e.getKey(), defined.size(), offered.size(), problems, matched));
        }
        return out;
    }
}
