package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * What the renderer produced for one publish (object {@link ObjectKeys#renderManifest}); the archiver's input.
 *
 * @param blocks   every leaf block in course order
 * @param sections every chapter and sequential in course order (verticals appear only in block paths)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RenderManifest(String courseId, String publishId, Instant publishedAt, Instant renderedAt,
        String rendererVersion, String displayName, List<Block> blocks, List<Section> sections) {

    /**
     * One leaf block.
     *
     * @param path          every ancestor block id between the course and the leaf (chapter, sequential, vertical
     *                      and any container such as split_test or library_content), outermost first
     * @param contentHash   hash over everything that shapes the output (OLX, asset bytes, renderer version)
     * @param files         every file of the block's offline page; {@code index.html} at path "index.html"
     * @param missingAssets references that could not be localized (also in the page's satchel.json)
     * @param problem       why the block's own content could not be prepared offline (its page says so and links
     *                      to the online view); null when it rendered
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Block(String blockId, String type, String displayName, List<String> path, String contentHash,
            List<File> files, List<String> missingAssets, Problem problem) {
    }

    /** A block that could not be prepared offline: a code (e.g. MALFORMED_OLX, RENDER_FAILED) and a sentence. */
    public record Problem(String code, String message) {
    }

    /**
     * One file of a block page.
     *
     * @param path   relative path inside the block's zip (forward slashes, no "..")
     * @param key    object key holding the bytes
     * @param size   byte size
     * @param sha256 hex sha256 of the bytes
     */
    public record File(String path, String key, long size, String sha256) {
    }

    /** A chapter or sequential; {@code type} is "chapter" or "sequential". */
    public record Section(String blockId, String type, String displayName, List<String> path) {
    }
}
