package io.satchel.renderer.olx;

import io.satchel.events.RenderManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One block of the course tree. Containers (chapter, sequential, vertical) hold children; a leaf holds where its
 * definition is: a file of the export (pointer form, read when rendered, so the course is never all in memory) or
 * the XML text it had inside its parent (inline form).
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
    private final List<OlxNode> children = new ArrayList<>();

    public OlxNode(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename) {
        this(type, urlName, blockId, displayName, path, definitionFile, inlineXml, htmlFilename, null);
    }

    /** @param problem why this block's own definition cannot be read (it is offered as unavailable); null: fine */
    public OlxNode(String type, String urlName, String blockId, String displayName, List<String> path,
            Path definitionFile, String inlineXml, String htmlFilename, RenderManifest.Problem problem) {
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

    /** Ancestor block ids from the chapter down (empty for chapters). */
    public List<String> path() {
        return path;
    }

    /** The {@code filename} attribute of an html block's definition (null: its HTML is inline). */
    public String htmlFilename() {
        return htmlFilename;
    }

    /** The file holding a leaf's definition (pointer form), or null when it was inline. */
    public Path definitionFile() {
        return definitionFile;
    }

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
