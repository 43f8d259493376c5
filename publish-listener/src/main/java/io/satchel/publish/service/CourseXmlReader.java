package io.satchel.publish.service;

import io.satchel.events.CourseKey;
import java.io.ByteArrayInputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the root {@code <course org course url_name>} of an export's course.xml and checks it names the course being
 * published (the key Open edX builds from it, {@link CourseKey#ofCourseXml}: the run is url_name, else slug, else
 * name), and that the course has a structure the renderer can read ({@link #requireStructure}). Any DOCTYPE is
 * refused outright, so neither external entities (XXE) nor entity expansion (billion laughs) can happen.
 */
final class CourseXmlReader {
    private static final XMLInputFactory FACTORY = safeFactory();
    /** Children of {@code <course>} that are not blocks (as the renderer's OLX reader skips them). */
    private static final Set<String> NOT_BLOCKS = Set.of("textbook", "wiki", "meta");

    private CourseXmlReader() {
    }

    /**
     * The root element of an XML file: its name, attributes, how many child elements are blocks, whether it has any
     * child element or text.
     */
    record RootShape(String name, Map<String, String> attributes, int blockChildren, boolean hasChildren,
            boolean hasText) {
        /** Open edX's is_pointer_tag for a course: only url_name, org and course, nothing inside. */
        boolean isCoursePointer() {
            return !hasChildren && !hasText && attributes.keySet().equals(Set.of("url_name", "org", "course"));
        }
    }

    static void requireMatches(byte[] courseXml, CourseKey expected) {
        CourseKey found = read(courseXml);
        if (!found.equals(expected)) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("expected", expected.courseId());
            details.put("found", found.courseId());
            throw new ArchiveRejectedException(ArchiveRejectedException.COURSE_ID_MISMATCH, "course.xml describes "
                    + found.courseId() + " (org/course/url_name), not " + expected.courseId() + ".", details);
        }
    }

    static CourseKey read(byte[] courseXml) {
        RootShape root = shape(courseXml, "course.xml");
        if (!"course".equals(root.name())) {
            throw invalid("the root element of course.xml is <" + root.name() + ">, not <course>.");
        }
        Map<String, String> a = root.attributes();
        CourseKey key = CourseKey.ofCourseXml(a.get("org"), a.get("course"), a.get("url_name"), a.get("slug"),
                a.get("name"));
        if (key == null) {
            throw invalid("<course> in course.xml needs org, course and url_name (or slug or name) attributes.");
        }
        return key;
    }

    /**
     * The course-level checks the renderer makes, made here so such a course is refused with a 422 instead of
     * accepted and then dead-lettered: course.xml is the course itself (inline) or points to course/{run}.xml, which
     * must exist and be well-formed XML without a DOCTYPE; the course holds at least one block (chapter).
     *
     * @param courseFile the bytes of a file beside course.xml by relative path ({@code course/2026.xml}), or null
     */
    static void requireStructure(byte[] courseXml, CourseKey key, java.util.function.Function<String, byte[]> courseFile) {
        RootShape root = shape(courseXml, "course.xml");
        String bodyPath = "course/" + key.run().replace(':', '/') + ".xml";
        byte[] body = courseFile.apply(bodyPath);
        RootShape course = root;
        if (root.isCoursePointer() || (!root.hasChildren() && body != null)) {
            if (body == null) {
                throw new ArchiveRejectedException(ArchiveRejectedException.MISSING_COURSE_FILE, "course.xml points "
                        + "to " + bodyPath + ", which the export does not hold.", Map.of("path", bodyPath));
            }
            course = shape(body, bodyPath);
        }
        if (course.blockChildren() == 0) {
            throw new ArchiveRejectedException(ArchiveRejectedException.NO_STRUCTURE, "The course holds no chapter "
                    + "(nothing to offer).");
        }
    }

    static RootShape shape(byte[] xmlBytes, String label) {
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(xmlBytes));
            String name = null;
            Map<String, String> attributes = new HashMap<>();
            int depth = 0;
            int blocks = 0;
            boolean children = false;
            boolean text = false;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new ArchiveRejectedException(ArchiveRejectedException.XML_DTD_NOT_ALLOWED,
                            label + " declares a DOCTYPE; DTDs and entities are refused.");
                } else if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                    if (depth == 1) {
                        name = xml.getLocalName();
                        for (int i = 0; i < xml.getAttributeCount(); i++) {
                            attributes.put(xml.getAttributeLocalName(i), xml.getAttributeValue(i));
                        }
                    } else if (depth == 2) {
                        children = true;
                        String prefix = xml.getPrefix();
                        if ((prefix == null || prefix.isEmpty()) && !NOT_BLOCKS.contains(xml.getLocalName())) {
                            blocks++;
                        }
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (depth == 1 && (event == XMLStreamConstants.CHARACTERS
                        || event == XMLStreamConstants.CDATA) && !xml.isWhiteSpace() && !xml.getText().isBlank()) {
                    text = true;
                }
            }
            if (name == null) {
                throw invalid(label + " has no root element.");
            }
            return new RootShape(name, attributes, blocks, children, text);
        } catch (XMLStreamException e) {
            throw invalid(label + " is not well-formed XML: " + e.getMessage());
        } finally {
            close(xml);
        }
    }

    private static ArchiveRejectedException invalid(String message) {
        return new ArchiveRejectedException(ArchiveRejectedException.INVALID_COURSE_XML, message);
    }

    private static XMLInputFactory safeFactory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        return f;
    }

    private static void close(XMLStreamReader xml) {
        if (xml != null) {
            try {
                xml.close();
            } catch (XMLStreamException ignored) {
                // a reader over a byte array holds nothing worth reporting
            }
        }
    }
}
