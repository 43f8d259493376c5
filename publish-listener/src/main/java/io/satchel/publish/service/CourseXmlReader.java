package io.satchel.publish.service;

import io.satchel.events.CourseKey;
import java.io.ByteArrayInputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads the root {@code <course org course url_name>} of an export's course.xml and checks it names the course being
 * published (Open edX builds the key as course-v1:org+course+url_name). Any DOCTYPE is refused outright, so neither
 * external entities (XXE) nor entity expansion (billion laughs) can happen.
 */
final class CourseXmlReader {
    private static final XMLInputFactory FACTORY = safeFactory();

    private CourseXmlReader() {
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
        XMLStreamReader xml = null;
        try {
            xml = FACTORY.createXMLStreamReader(new ByteArrayInputStream(courseXml));
            CourseKey key = null;
            while (xml.hasNext()) {
                int event = xml.next();
                if (event == XMLStreamConstants.DTD) {
                    throw new ArchiveRejectedException(ArchiveRejectedException.XML_DTD_NOT_ALLOWED,
                            "course.xml declares a DOCTYPE; DTDs and entities are refused.");
                }
                if (event == XMLStreamConstants.START_ELEMENT && key == null) {
                    key = rootKey(xml);
                }
            }
            if (key == null) {
                throw invalid("course.xml has no root element.");
            }
            return key;
        } catch (XMLStreamException e) {
            throw invalid("course.xml is not well-formed XML: " + e.getMessage());
        } finally {
            close(xml);
        }
    }

    private static CourseKey rootKey(XMLStreamReader xml) {
        if (!"course".equals(xml.getLocalName())) {
            throw invalid("the root element of course.xml is <" + xml.getLocalName() + ">, not <course>.");
        }
        String org = xml.getAttributeValue(null, "org");
        String course = xml.getAttributeValue(null, "course");
        String run = xml.getAttributeValue(null, "url_name");
        if (isBlank(org) || isBlank(course) || isBlank(run)) {
            throw invalid("<course> in course.xml needs org, course and url_name attributes.");
        }
        return new CourseKey(org.trim(), course.trim(), run.trim());
    }

    private static ArchiveRejectedException invalid(String message) {
        return new ArchiveRejectedException(ArchiveRejectedException.INVALID_COURSE_XML, message);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
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
