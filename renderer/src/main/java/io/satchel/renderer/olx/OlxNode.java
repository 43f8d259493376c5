package io.satchel.renderer.olx;

import io.satchel.events.RenderManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One block of the course tree. A container (a type Open edX gives children: chapter, sequential, vertical,
 * split_test, library_content, ...; see {@link OlxCourseReader}) holds its child blocks; a leaf holds where its
 * definition is: a file of the export (pointer form, read when rendered, so the course is never all in memory) or
 * the XML text it had inside its parent (inline form). A block whose own definition could not be read is a leaf
 * with a {@link #problem()}, whatever its type (a container's children are then unknown).
 */
public final class OlxNode {
    private final String type;
    private final String urlName;
    private final String blockId;
    private final String displayName;
    private final List<String> path;
    private final Path definitionFile;
    private final String inlineXml;
    private final String htmlFilename;
    private final RenderManifest.Problem problem;
    private final boolean container;
    private final Path htmlFile;
    private final List<OlxNode> children = new ArrayList<>();

    public OlxNode(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename) {
        this(type, urlName, blockId, displayName, path, definitionFile, inlineXml, htmlFilename, null);
    }

    /** @param problem why this block's own definition cannot be read (it is offered as unavailable); null: fine */
    public OlxNode(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename, RenderManifest.Problem problem) {
        this(type, urlName, blockId, displayName, path, definitionFile, inlineXml, htmlFilename, null, problem, false);
    }

    private OlxNode(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename, Path htmlFile, RenderManifest.Problem problem,
            boolean container) {
        this.container = container;
        this.htmlFile = htmlFile;
        this.type = type;
        this.urlName = urlName;
        this.blockId = blockId;
        this.displayName = displayName;
        this.path = List.copyOf(path);
        this.definitionFile = definitionFile;
        this.inlineXml = inlineXml;
        this.htmlFilename = htmlFilename;
        this.problem = problem;
    }

    /** A container block (its children are its content); its path ends at its parent like a leaf's. */
    static OlxNode container(String type, String urlName, String blockId, String displayName, List<String> path) {
        return new OlxNode(type, urlName, blockId, displayName, path, null, null, null, null, null, true);
    }

    /** A leaf; {@code htmlFile}: an html block's content file (its {@code htmlFilename} relative to html/). */
    static OlxNode leaf(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename, Path htmlFile, RenderManifest.Problem problem) {
        return new OlxNode(type, urlName, blockId, displayName, path, definitionFile, inlineXml, htmlFilename, htmlFile,
                problem, false);
    }

    /** Whether this is a container (children are blocks); false for every leaf, including unreadable containers. */
    public boolean isContainer() {
        return container;
    }

    /**
     * The file holding an html block's HTML, found as Open edX finds it (the {@code filename} attribute next to the
     * block's pointer, with or without {@code .html}; {@code html/NAME.html} when there is no {@code html/NAME.xml});
     * null for inline HTML. The file may be missing (the page then says so).
     */
    public Path htmlFile() {
        return htmlFile;
    }

    /** Why this block's own definition could not be read while reading the structure, or null. */
    public RenderManifest.Problem problem() {
        return problem;
    }

    public String type() {
        return type;
    }

    public String urlName() {
        return urlName;
    }

    public String blockId() {
        return blockId;
    }

    public String displayName() {
        return displayName;
    }

    /** Every ancestor block id between the course and this block, outermost first (empty for chapters). */
    public List<String> path() {
        return path;
    }

    /** An html block's content file relative to {@code html/} (see {@link #htmlFile()}); null: its HTML is inline. */
    public String htmlFilename() {
        return htmlFilename;
    }

    /** The file holding a leaf's definition (pointer form), or null when it was inline. */
    public Path definitionFile() {
        return definitionFile;
    }

    /** A container's child blocks in course order (empty for a leaf). */
    public List<OlxNode> children() {
        return children;
    }

    /** Parsed definition of a leaf (secure parser); read on demand. */
    public org.w3c.dom.Element definition() {
        return definitionFile != null ? SecureXml.parse(definitionFile) : SecureXml.parse(inlineXml, blockId);
    }

    /** The OLX text that defines a leaf: its file's content (pointer form) or its XML inside the parent. */
    public String sourceText() {
        if (definitionFile == null) {
            return inlineXml;
        }
        try {
            return java.nio.file.Files.readString(definitionFile, java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return SecureXml.toXml(definition()); // not UTF-8: the parsed form stands in for the bytes
        }
    }

    @Override
    public String toString() {
        return type + ":" + urlName;
    }
}
