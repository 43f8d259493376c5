package io.satchel.renderer.olx;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * OLX parsing with DTDs forbidden: an export is author-controlled input, so a DOCTYPE (the only way to declare an
 * external entity, XXE) makes the file invalid instead of being expanded. Studio never writes DOCTYPEs in OLX.
 */
public final class SecureXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private static DocumentBuilderFactory factory() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("XML parser lacks secure-processing features", e);
        }
    }

    public static Element parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return builder().parse(in).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new InvalidCourseException("MALFORMED_OLX", "cannot parse " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    public static Element parse(String xml, String what) {
        try {
            return builder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (SAXException | IOException e) {
            throw new InvalidCourseException("MALFORMED_OLX", "cannot parse " + what + ": " + e.getMessage(), e);
        }
    }

    private static DocumentBuilder builder() {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setEntityResolver((publicId, systemId) -> {
                throw new SAXException("external entities are not allowed: " + systemId);
            });
            b.setErrorHandler(null);
            return b;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final javax.xml.stream.XMLInputFactory STAX = stax();

    private static javax.xml.stream.XMLInputFactory stax() {
        javax.xml.stream.XMLInputFactory f = javax.xml.stream.XMLInputFactory.newInstance();
        f.setProperty(javax.xml.stream.XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(javax.xml.stream.XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        return f;
    }

    /**
     * The attributes of a file's root element, read without parsing the rest (a leaf's display name and html
     * filename, for the course structure). The full file is parsed, securely, when the block is rendered.
     */
    public static java.util.Map<String, String> rootAttributes(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            javax.xml.stream.XMLStreamReader r = STAX.createXMLStreamReader(in);
            try {
                while (r.hasNext()) {
                    int ev = r.next();
                    if (ev == javax.xml.stream.XMLStreamConstants.DTD) {
                        throw new InvalidCourseException("MALFORMED_OLX", file.getFileName()
                                + " declares a DOCTYPE, which OLX never needs");
                    }
                    if (ev == javax.xml.stream.XMLStreamConstants.START_ELEMENT) {
                        java.util.Map<String, String> attrs = new java.util.HashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attrs.put(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                        attrs.put("", r.getLocalName()); // the root element's name
                        return attrs;
                    }
                }
            } finally {
                r.close();
            }
            throw new InvalidCourseException("MALFORMED_OLX", file.getFileName() + " has no root element");
        } catch (javax.xml.stream.XMLStreamException | IOException e) {
            throw new InvalidCourseException("MALFORMED_OLX", "cannot parse " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    /** The element as XML text (no declaration). */
    public static String toXml(Node node) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The children of an element as XML text (inline html content). */
    public static String innerXml(Element element) {
        StringBuilder sb = new StringBuilder();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            sb.append(n.getNodeType() == Node.TEXT_NODE ? escape(n.getNodeValue())
                    : n.getNodeType() == Node.CDATA_SECTION_NODE ? n.getNodeValue() : toXml(n));
        }
        return sb.toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private SecureXml() {
    }
}
