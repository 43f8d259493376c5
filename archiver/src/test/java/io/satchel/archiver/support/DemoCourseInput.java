package io.satchel.archiver.support;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Simulated renderer output of an OLX export (for the benchmark): walks course → chapter → sequential → vertical →
 * leaf, and gives each leaf an index.html (the html block's page, or the leaf's OLX) plus every /static/ or asset-v1
 * file it references under assets/. Not a renderer: links are not rewritten; the bytes and file counts are real.
 */
public final class DemoCourseInput {
    private static final Pattern STATIC = Pattern.compile("/static/([^\"'\\s)?#<>]+)");
    private static final Pattern ASSET = Pattern.compile("asset-v1:[^\"'\\s]*?block@([^\"'\\s)?#<>]+)");

    private DemoCourseInput() {
    }

    /** Adds every leaf of the course at {@code courseDir} to the fixture (pointer-form OLX). */
    public static RenderedCourseFixture addTo(RenderedCourseFixture fixture, Path dir) {
        Path courseDir = dir.toAbsolutePath().normalize(); // asset paths are checked to stay inside static/
        try {
            Element course = root(courseDir.resolve("course.xml"));
            Element full = pointer(courseDir, course);
            for (Element chapter : children(full)) {
                Element ch = pointer(courseDir, chapter);
                fixture.chapter(chapter.getAttribute("url_name"), ch.getAttribute("display_name"));
                for (Element seq : children(ch)) {
                    Element s = pointer(courseDir, seq);
                    fixture.sequential(seq.getAttribute("url_name"), s.getAttribute("display_name"));
                    for (Element vert : children(s)) {
                        for (Element leaf : children(pointer(courseDir, vert))) {
                            addLeaf(fixture, courseDir, leaf);
                        }
                    }
                }
            }
            return fixture;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read OLX at " + courseDir, e);
        }
    }

    private static void addLeaf(RenderedCourseFixture fixture, Path dir, Element leaf) throws Exception {
        String type = leaf.getTagName();
        String url = leaf.getAttribute("url_name");
        Path xml = dir.resolve(type).resolve(url + ".xml");
        Path page = xml;
        String name = url;
        if (Files.exists(xml)) {
            Element def = root(xml);
            name = def.getAttribute("display_name");
            if (type.equals("html") && !def.getAttribute("filename").isEmpty()) {
                page = dir.resolve("html").resolve(def.getAttribute("filename") + ".html");
            }
        }
        Map<String, Path> files = new LinkedHashMap<>();
        if (Files.exists(page)) {
            files.put("index.html", page);
            String text = Files.readString(page) + (page.equals(xml) ? "" : Files.readString(xml));
            for (Pattern p : new Pattern[] {STATIC, ASSET}) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    String file = URLDecoder.decode(m.group(1).replace("+", "%2B"), StandardCharsets.UTF_8);
                    Path asset = dir.resolve("static").resolve(file).normalize();
                    if (asset.startsWith(dir.resolve("static")) && Files.isRegularFile(asset)) {
                        files.put("assets/" + file, asset);
                    }
                }
            }
        } else {
            files.put("index.html", writeStub(type, url));
        }
        fixture.blockFromFiles(type, url, name.isEmpty() ? url : name, files);
    }

    private static Path writeStub(String type, String url) throws IOException {
        Path stub = Files.createTempFile("stub-", ".html");
        stub.toFile().deleteOnExit();
        Files.writeString(stub, "<html><body><p>" + type + " " + url + " is available online only.</p></body></html>");
        return stub;
    }

    private static Element pointer(Path dir, Element e) throws Exception {
        Path file = dir.resolve(e.getTagName()).resolve(e.getAttribute("url_name") + ".xml");
        return children(e).iterator().hasNext() || !Files.exists(file) ? e : root(file);
    }

    private static Element root(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static Iterable<Element> children(Element e) {
        java.util.List<Element> out = new java.util.ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element el && el.hasAttribute("url_name")) {
                out.add(el);
            }
        }
        return out;
    }

}
