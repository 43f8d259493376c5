package io.satchel.renderer.olx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.events.CourseKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads the structure of an OLX export: {@code course.xml} → {@code course/{run}.xml} → chapter → sequential →
 * vertical → leaves. Each level may be in pointer form ({@code <chapter url_name="x"/>} → {@code chapter/x.xml}) or
 * inline (the content inside the parent). A url_name with ':' maps to folders ({@code a:b} → {@code a/b.xml}).
 * Display names fall back to {@code policies/{run}/policy.json}. Leaves are only located here, not loaded.
 */
public final class OlxCourseReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private CourseKey key;
    private Map<String, JsonNode> policy = Map.of();
    private final Map<String, String> pageTargets = new LinkedHashMap<>();

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
        Element pointer = SecureXml.parse(courseXml);
        String run = attr(pointer, "url_name");
        String org = attr(pointer, "org");
        String number = attr(pointer, "course");
        if (org == null || number == null || run == null) {
            throw new InvalidCourseException("MALFORMED_OLX", "course.xml lacks org, course or url_name");
        }
        key = new CourseKey(org, number, run);
        if (expected != null && !expected.equals(key)) {
            throw new InvalidCourseException("COURSE_MISMATCH",
                    "the export is " + key.courseId() + ", the event names " + expected.courseId());
        }
        policy = readPolicy(run);
        Element course = hasChildElements(pointer) ? pointer : SecureXml.parse(file("course", run));
        JsonNode coursePolicy = policy.get("course/" + run);
        String displayName = firstNonBlank(attr(course, "display_name"),
                coursePolicy == null ? null : coursePolicy.path("display_name").asText(null), key.courseId());
        String language = firstNonBlank(attr(course, "language"),
                coursePolicy == null ? null : coursePolicy.path("language").asText(null), "en");

        List<OlxNode> chapters = new ArrayList<>();
        String courseBlock = key.blockId("course", run);
        for (Element ch : childElements(course, "chapter")) {
            OlxNode chapter = container(ch, "chapter", List.of(), courseBlock, chapters.size());
            chapters.add(chapter);
            Element chDef = definitionOf(ch, "chapter");
            for (Element sq : childElements(chDef, "sequential")) {
                OlxNode seq = container(sq, "sequential", List.of(chapter.blockId()), chapter.blockId(),
                        chapter.children().size());
                chapter.children().add(seq);
                Element sqDef = definitionOf(sq, "sequential");
                for (Element vt : childElements(sqDef, "vertical")) {
                    OlxNode vertical = container(vt, "vertical", List.of(chapter.blockId(), seq.blockId()),
                            seq.blockId(), seq.children().size());
                    seq.children().add(vertical);
                    Element vtDef = definitionOf(vt, "vertical");
                    List<String> leafPath = List.of(chapter.blockId(), seq.blockId(), vertical.blockId());
                    for (Element leaf : childElements(vtDef, null)) {
                        vertical.children().add(leaf(leaf, leafPath, vertical.blockId(), vertical.children().size()));
                    }
                }
            }
        }
        linkContainersToFirstLeaf(chapters);
        return new OlxCourse(key, root, displayName, language, List.copyOf(chapters), Map.copyOf(pageTargets));
    }

    private OlxNode container(Element el, String type, List<String> path, String parentId, int index) {
        String urlName = urlNameOf(el, type, parentId, index);
        Element def = definitionOf(el, type);
        return new OlxNode(type, urlName, key.blockId(type, urlName), displayName(attr(def, "display_name"), el, type,
                urlName), path, null, null, null);
    }

    private OlxNode leaf(Element el, List<String> path, String parentId, int index) {
        String type = el.getTagName();
        String urlName = urlNameOf(el, type, parentId, index);
        Path file = pointerFile(el, type);
        // A leaf's file is only skimmed here (root attributes); it is parsed in full when the block is rendered.
        Map<String, String> attrs = file == null ? attributes(el) : SecureXml.rootAttributes(file);
        String blockId = key.blockId(type, urlName);
        pageTargets.putIfAbsent(urlName, blockId);
        String filename = attrs.get("filename");
        return new OlxNode(type, urlName, blockId, displayName(blank(attrs.get("display_name")), el, type, urlName),
                path, file, file == null ? SecureXml.toXml(el) : null,
                filename == null || filename.isBlank() ? null : filename);
    }

    private void linkContainersToFirstLeaf(List<OlxNode> chapters) {
        for (OlxNode ch : chapters) {
            for (OlxNode sq : ch.children()) {
                for (OlxNode vt : sq.children()) {
                    if (!vt.children().isEmpty()) {
                        String first = vt.children().get(0).blockId();
                        pageTargets.putIfAbsent(vt.urlName(), first);
                        pageTargets.putIfAbsent(sq.urlName(), first);
                        pageTargets.putIfAbsent(ch.urlName(), first);
                    }
                }
            }
        }
    }

    /** The element holding a block's content: the pointed-to file in pointer form, else the element itself. */
    private Element definitionOf(Element el, String type) {
        Path file = pointerFile(el, type);
        return file == null ? el : SecureXml.parse(file);
    }

    /** The file a pointer names, or null when the element is inline (has children or no such file). */
    private Path pointerFile(Element el, String type) {
        String urlName = attr(el, "url_name");
        if (urlName == null || hasChildElements(el)) {
            return null;
        }
        Path file = file(type, urlName);
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? file : null;
    }

    /** {@code type/url_name.xml}, url_name ':' → '/'; never outside the export. */
    private Path file(String type, String urlName) {
        Path file = root.resolve(type).resolve(urlName.replace(':', '/') + ".xml").normalize();
        if (!file.startsWith(root.resolve(type))) {
            throw new InvalidCourseException("UNSAFE_PATH", "url_name " + urlName + " points outside the export");
        }
        return file;
    }

    private String urlNameOf(Element el, String type, String parentId, int index) {
        String urlName = attr(el, "url_name");
        if (urlName != null) {
            return urlName;
        }
        // Inline blocks without url_name: a stable id from the position, so republishing keeps the id.
        return sha1(parentId + "/" + type + "/" + index).substring(0, 32);
    }

    private static Map<String, String> attributes(Element el) {
        Map<String, String> out = new java.util.HashMap<>();
        var attrs = el.getAttributes();
        for (int i = 0; i < attrs.getLength(); i++) {
            out.put(attrs.item(i).getNodeName(), attrs.item(i).getNodeValue());
        }
        return out;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private String displayName(String own, Element pointer, String type, String urlName) {
        JsonNode p = policy.get(type + "/" + urlName);
        return firstNonBlank(own, attr(pointer, "display_name"),
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

    private Map<String, JsonNode> readPolicy(String run) {
        Path file = root.resolve("policies").resolve(run).resolve("policy.json").normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Map.of();
        }
        try {
            JsonNode node = JSON.readTree(file.toFile());
            Map<String, JsonNode> out = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue()));
            return out;
        } catch (IOException e) {
            throw new InvalidCourseException("MALFORMED_OLX", "policies/" + run + "/policy.json is not JSON", e);
        }
    }

    static List<Element> childElements(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }

    /** Child elements of any name. */
    public static List<Element> childElementsOf(Element parent) {
        return childElements(parent, null);
    }

    private static boolean hasChildElements(Element el) {
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return true;
            }
        }
        return false;
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

    private static String sha1(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
