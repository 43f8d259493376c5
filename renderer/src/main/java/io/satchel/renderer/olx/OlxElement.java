package io.satchel.renderer.olx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An OLX element as the course structure reader sees it: attributes in document order and every child node, each
 * whitespace-only text marked when Open edX's parser (lxml with {@code remove_blank_text=True}) would drop it. Built by
 * {@link SecureXml#parseTree}. Two serializations: {@link #toXml()} keeps the source text (inline definitions), and
 * {@link #openEdxBytes} is the one Open edX hashes for a block without a name (see {@link OpenEdxNames}).
 */
final class OlxElement {
    /** Text (or a CDATA section); {@code blank}: dropped by lxml's remove_blank_text. */
    record Text(String value, boolean cdata, boolean blank) {
    }

    record Comment(String value) {
    }

    record ProcessingInstruction(String target, String data) {
    }

    private final String name;
    private final Map<String, String> attributes;
    private final List<Object> children = new ArrayList<>();

    OlxElement(String name, Map<String, String> attributes) {
        this.name = name;
        this.attributes = new LinkedHashMap<>(attributes);
    }

    String name() {
        return name;
    }

    Map<String, String> attributes() {
        return Collections.unmodifiableMap(attributes);
    }

    /** The attribute's value, null when absent or blank. */
    String attr(String attribute) {
        String v = attributes.get(attribute);
        return v == null || v.isBlank() ? null : v;
    }

    List<Object> children() {
        return children;
    }

    List<OlxElement> childElements() {
        List<OlxElement> out = new ArrayList<>();
        for (Object c : children) {
            if (c instanceof OlxElement e) {
                out.add(e);
            }
        }
        return out;
    }

    /** Non-whitespace text directly inside (not in child elements). */
    boolean hasText() {
        for (Object c : children) {
            if (c instanceof Text t && !t.value().isBlank()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Open edX's {@code is_pointer_tag}: no child elements, no text, and exactly the attribute {@code url_name}
     * (for a course: {@code url_name}, {@code org} and {@code course}).
     */
    boolean isPointer() {
        java.util.Set<String> expected = name.equals("course") ? java.util.Set.of("url_name", "org", "course")
                : java.util.Set.of("url_name");
        return childElements().isEmpty() && !hasText() && attributes.keySet().equals(expected);
    }

    /** A copy with other attributes laid over this element's (Open edX merges a pointer's attributes this way). */
    OlxElement withAttributes(Map<String, String> over) {
        OlxElement copy = new OlxElement(name, attributes);
        copy.attributes.putAll(over);
        copy.children.addAll(children);
        return copy;
    }

    /** The element as XML, every character of its content kept (CDATA stays CDATA, whitespace stays). */
    String toXml() {
        StringBuilder sb = new StringBuilder();
        writeXml(sb);
        return sb.toString();
    }

    private void writeXml(StringBuilder sb) {
        sb.append('<').append(name);
        attributes.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escapeAttribute(v, false))
                .append('"'));
        if (children.isEmpty()) {
            sb.append("/>");
            return;
        }
        sb.append('>');
        for (Object c : children) {
            if (c instanceof OlxElement e) {
                e.writeXml(sb);
            } else if (c instanceof Text t) {
                sb.append(t.cdata() ? "<![CDATA[" + t.value().replace("]]>", "]]]]><![CDATA[>") + "]]>"
                        : escapeText(t.value(), false));
            } else if (c instanceof Comment m) {
                sb.append("<!--").append(m.value()).append("-->");
            } else if (c instanceof ProcessingInstruction p) {
                sb.append("<?").append(p.target()).append(p.data().isEmpty() ? "" : " " + p.data()).append("?>");
            }
        }
        sb.append("</").append(name).append('>');
    }

    /**
     * The bytes of lxml's {@code etree.tostring(child)} for the child element at {@code index} of this element's
     * children, as Open edX hands it to {@code process_xml}: the element as lxml parsed it (blank text dropped, CDATA
     * as text) followed by its tail (the text after it). {@code ascii}: {@code etree.tostring(child)} (non-ASCII
     * written as character references); else {@code etree.tostring(child, encoding='unicode')} encoded as UTF-8.
     */
    byte[] openEdxBytes(OlxElement child, boolean ascii) {
        StringBuilder sb = new StringBuilder();
        child.writeLxml(sb, ascii);
        int i = children.indexOf(child);
        StringBuilder tail = new StringBuilder();
        for (int j = i + 1; j < children.size() && children.get(j) instanceof Text t; j++) {
            if (!t.blank()) {
                tail.append(t.value());
            }
        }
        sb.append(escapeText(tail.toString(), ascii));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void writeLxml(StringBuilder sb, boolean ascii) {
        sb.append('<').append(name);
        attributes.forEach((k, v) -> sb.append(' ').append(k).append("=\"").append(escapeAttribute(v, true))
                .append('"'));
        StringBuilder content = new StringBuilder();
        StringBuilder text = new StringBuilder(); // lxml merges adjacent text and CDATA into one text node
        for (Object c : children) {
            if (c instanceof Text t) {
                if (!t.blank()) {
                    text.append(t.value());
                }
                continue;
            }
            content.append(escapeText(text.toString(), ascii));
            text.setLength(0);
            if (c instanceof OlxElement e) {
                e.writeLxml(content, ascii);
            } else if (c instanceof Comment m) {
                content.append("<!--").append(ascii ? asciiRefs(m.value()) : m.value()).append("-->");
            } else if (c instanceof ProcessingInstruction p) {
                content.append("<?").append(p.target()).append(p.data().isEmpty() ? "" : " " + p.data()).append("?>");
            }
        }
        content.append(escapeText(text.toString(), ascii));
        if (content.isEmpty()) {
            sb.append("/>");
        } else {
            sb.append('>').append(content).append("</").append(name).append('>');
        }
    }

    /** libxml2's text escaping; {@code ascii}: non-ASCII as decimal character references (its ASCII output). */
    private static String escapeText(String s, boolean ascii) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '\r' -> sb.append("&#13;");
                default -> {
                    if (ascii && cp > 0x7F) {
                        sb.append("&#").append(cp).append(';');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    /**
     * Attribute escaping. {@code lxml}: as libxml2 writes attributes (tab, newline and carriage return as
     * character references, non-ASCII as hexadecimal references); else plain XML escaping.
     */
    private static String escapeAttribute(String s, boolean lxml) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> {
            switch (cp) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append(lxml ? "&gt;" : ">");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\n' -> sb.append("&#10;");
                case '\r' -> sb.append("&#13;");
                case '\t' -> sb.append("&#9;");
                default -> {
                    if (lxml && cp > 0x7F) {
                        sb.append("&#x").append(Integer.toHexString(cp).toUpperCase()).append(';');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                }
            }
        });
        return sb.toString();
    }

    private static String asciiRefs(String s) {
        StringBuilder sb = new StringBuilder();
        s.codePoints().forEach(cp -> {
            if (cp > 0x7F) {
                sb.append("&#").append(cp).append(';');
            } else {
                sb.appendCodePoint(cp);
            }
        });
        return sb.toString();
    }

    @Override
    public String toString() {
        return "<" + name + " " + attributes + ">";
    }
}
