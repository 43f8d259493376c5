package io.satchel.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;

/**
 * The offline manifest of the contract. The archiver stores it with {@link Download#objectKey()} set and no fileUrl
 * (object {@link ObjectKeys#offlineManifest}); sync-api serves it with fileUrl set and no objectKey; clients read it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OfflineManifest(String courseId, String publishId, Instant publishedAt, Instant generatedAt,
        Download course, List<Block> blocks, List<Section> sections) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Download(String fileUrl, String objectKey, long fileSize, String sha256, Instant lastModified) {
        public Download withFileUrl(String url) {
            return new Download(url, null, fileSize, sha256, lastModified);
        }
    }

    /** A leaf block; {@code path} = chapter, sequential, vertical block ids. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Block(String blockId, String type, String displayName, List<String> path,
            Download offlineDownload) {
    }

    /** A chapter or sequential with the summed size of the block zips below it. */
    public record Section(String blockId, String displayName, long totalSize) {
    }
}
