package io.satchel.renderer.olx;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
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

    private static final XMLInputFactory STAX = stax();

    private static XMLInputFactory stax() {
        XMLInputFactory f = XMLInputFactory.newInstance();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, false);
        return f;
    }

    /** A file as an {@link OlxElement} tree (the course structure reader's view); DOCTYPEs refused. */
    static OlxElement parseTree(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parseTree(STAX.createXMLStreamReader(in), file.getFileName().toString());
        } catch (IOException | XMLStreamException e) {
            throw new InvalidCourseException("MALFORMED_OLX", "cannot parse " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
    }

    private static OlxElement parseTree(XMLStreamReader r, String what) throws XMLStreamException {
        TreeBuilder tree = new TreeBuilder();
        try {
            while (r.hasNext()) {
                switch (r.next()) {
                    case XMLStreamConstants.DTD -> throw new InvalidCourseException("MALFORMED_OLX", what
                            + " declares a DOCTYPE, which OLX never needs");
                    case XMLStreamConstants.START_ELEMENT -> {
                        Map<String, String> attrs = new LinkedHashMap<>();
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            attrs.put(qualified(r.getAttributePrefix(i), r.getAttributeLocalName(i)),
                                    r.getAttributeValue(i));
                        }
                        tree.start(qualified(r.getPrefix(), r.getLocalName()), attrs);
                    }
                    case XMLStreamConstants.END_ELEMENT -> tree.end();
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.SPACE -> tree.text(r.getText());
                    case XMLStreamConstants.CDATA -> tree.cdata(r.getText());
                    case XMLStreamConstants.COMMENT -> tree.other(new OlxElement.Comment(r.getText()));
                    case XMLStreamConstants.PROCESSING_INSTRUCTION -> tree.other(
                            new OlxElement.ProcessingInstruction(r.getPITarget(), r.getPIData() == null ? ""
                                    : r.getPIData().strip()));
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw new InvalidCourseException("MALFORMED_OLX",
                            what + " uses the undeclared entity &" + r.getLocalName() + ";");
                    default -> {
                    }
                }
            }
        } finally {
            r.close();
        }
        if (tree.root == null) {
            throw new InvalidCourseException("MALFORMED_OLX", what + " has no root element");
        }
        return tree.root;
    }

    private static String qualified(String prefix, String local) {
        return prefix == null || prefix.isEmpty() ? local : prefix + ":" + local;
    }

    /**
     * Builds the tree and marks the whitespace-only text libxml2 drops with {@code remove_blank_text} (its
     * {@code areBlanks} rule): dropped unless it is an element's only content, follows text, or the element's first
     * kept child is text (mixed content), or {@code xml:space="preserve"} applies.
     */
    private static final class TreeBuilder {
        private record Frame(OlxElement element, boolean preserve) {
        }

        private final java.util.ArrayDeque<Frame> stack = new java.util.ArrayDeque<>();
        private final StringBuilder pending = new StringBuilder();
        private OlxElement root;

        void start(String name, Map<String, String> attrs) {
            flush(false);
            OlxElement e = new OlxElement(name, attrs);
            boolean preserve = stack.isEmpty() ? false : stack.peek().preserve();
            String space = attrs.get("xml:space");
            if (space != null) {
                preserve = space.equals("preserve");
            }
            if (stack.isEmpty()) {
                root = e;
            } else {
                stack.peek().element().children().add(e);
            }
            stack.push(new Frame(e, preserve));
        }

        void end() {
            flush(true);
            stack.pop();
        }

        void text(String s) {
            if (!stack.isEmpty()) {
                pending.append(s);
            }
        }

        void cdata(String s) {
            flush(false);
            if (!stack.isEmpty()) {
                stack.peek().element().children().add(new OlxElement.Text(s, true, false));
            }
        }

        void other(Object node) {
            flush(false);
            if (!stack.isEmpty()) {
                stack.peek().element().children().add(node);
            }
        }

        private void flush(boolean beforeEndTag) {
            if (pending.isEmpty()) {
                return;
            }
            String value = pending.toString();
            pending.setLength(0);
            Frame f = stack.peek();
            f.element().children().add(new OlxElement.Text(value, false,
                    !f.preserve() && isBlank(value) && dropped(f.element(), beforeEndTag)));
        }

        private static boolean dropped(OlxElement parent, boolean beforeEndTag) {
            Object first = null;
            Object last = null;
            for (Object c : parent.children()) {
                if (!(c instanceof OlxElement.Text t && t.blank())) {
                    first = first == null ? c : first;
                    last = c;
                }
            }
            if (last == null) {
                return !beforeEndTag;
            }
            return !(last instanceof OlxElement.Text) && !(first instanceof OlxElement.Text);
        }

        private static boolean isBlank(String s) {
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return false;
                }
            }
            return true;
        }
    }

    /** The node as XML text (no declaration), XML output method, content unchanged. */
    public static String toXml(Node node) {
        try {
            TransformerFactory tf = TransformerFactory.newInstance();
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            tf.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
            Transformer t = tf.newTransformer();
            // The XML method always: the default turns to html for a root named "html" (void elements then lose
            // their "/>", and the text is re-indented), which no longer parses as XML.
            t.setOutputProperty(OutputKeys.METHOD, "xml");
            t.setOutputProperty(OutputKeys.INDENT, "no");
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
