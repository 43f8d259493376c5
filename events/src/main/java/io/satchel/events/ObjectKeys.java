package io.satchel.events;

import java.nio.charset.StandardCharsets;

/**
 * The object-storage key layout, one definition for every service (docs/architecture.md shows it as a tree).
 *
 * <pre>
 * sources/{course}/{publishId}.tar.gz              immutable OLX snapshot of one publish (publish-listener)
 * source-indexes/{course}/{publishId}.json          its per-entry SourceIndex (publish-listener; optional)
 * rendered/{course}/assets/{sha256}                 asset bytes, content-addressed, shared by blocks (renderer)
 * rendered/{course}/pages/{block}/{contentHash}/... rendered page files of one block version (renderer)
 * rendered/{course}/manifests/{publishId}.json      RenderManifest of one publish (renderer)
 * archives/{course}/blocks/{block}/{sha256}.zip     block zip, content-addressed (archiver)
 * archives/{course}/course/{sha256}.zip             whole-course zip (archiver)
 * archives/{course}/manifests/{publishId}.json      OfflineManifest of one publish (archiver)
 * dead-letters/{topic}/{partition}-{offset}         value of a dead letter too large to copy into {topic}.dlq (any consumer)
 * </pre>
 * {course} and {block} are {@link #segment(String) segments}: ids with every character outside
 * {@code [A-Za-z0-9._-]} written as {@code ~XX} (UTF-8 hex), so keys are safe in URLs and on any file system.
 */
public final class ObjectKeys {
    public static String source(String courseId, String publishId) {
        return "sources/" + segment(courseId) + "/" + segment(publishId) + ".tar.gz";
    }

    /** The {@link SourceIndex} of the snapshot at {@link #source(String, String)} with the same ids. */
    public static String sourceIndex(String courseId, String publishId) {
        return "source-indexes/" + segment(courseId) + "/" + segment(publishId) + ".json";
    }

    public static String renderedAsset(String courseId, String sha256) {
        return "rendered/" + segment(courseId) + "/assets/" + sha256;
    }

    /** Prefix (ending in '/') of one rendered version of a block's page files. */
    public static String renderedPagePrefix(String courseId, String blockId, String contentHash) {
        return "rendered/" + segment(courseId) + "/pages/" + segment(blockId) + "/" + contentHash + "/";
    }

    public static String renderManifest(String courseId, String publishId) {
        return "rendered/" + segment(courseId) + "/manifests/" + segment(publishId) + ".json";
    }

    public static String blockArchive(String courseId, String blockId, String sha256) {
        return blockArchivePrefix(courseId, blockId) + sha256 + ".zip";
    }

    public static String blockArchivePrefix(String courseId, String blockId) {
        return "archives/" + segment(courseId) + "/blocks/" + segment(blockId) + "/";
    }

    public static String courseArchive(String courseId, String sha256) {
        return "archives/" + segment(courseId) + "/course/" + sha256 + ".zip";
    }

    public static String offlineManifest(String courseId, String publishId) {
        return "archives/" + segment(courseId) + "/manifests/" + segment(publishId) + ".json";
    }

    /**
     * The original value of the record at {@code topic}/{@code partition}@{@code offset} when its dead letter would
     * exceed the producer's request size; the DLQ record names it in {@link DeadLetters#VALUE_KEY}.
     */
    public static String deadLetterValue(String topic, int partition, long offset) {
        return "dead-letters/" + segment(topic) + "/" + partition + "-" + offset;
    }

    public static String archivesPrefix(String courseId) {
        return "archives/" + segment(courseId) + "/";
    }

    /**
     * True when {@code key} lies in {@code courseId}'s own {@code area} ({@code sources}, {@code rendered},
     * {@code archives}) with no {@code ..} segment: a forged event cannot make a service read another course's objects.
     */
    public static boolean isInCourseArea(String area, String courseId, String key) {
        return key != null && courseId != null && key.startsWith(area + "/" + segment(courseId) + "/")
                && !("/" + key + "/").contains("/../");
    }

    /** Reversible, URL- and file-system-safe form of an id. */
    public static String segment(String id) {
        StringBuilder out = new StringBuilder(id.length() + 16);
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_'
                    || c == '-') {
                out.append(c);
            } else {
                out.append('~').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        String s = out.toString();
        // "." and ".." are not safe path segments on their own.
        return s.equals(".") || s.equals("..") ? s.replace(".", "~2E") : s;
    }

    /** Inverse of {@link #segment(String)}. */
    public static String unsegment(String segment) {
        byte[] out = new byte[segment.length()];
        int n = 0;
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c == '~' && i + 2 < segment.length()) {
                out[n++] = (byte) Integer.parseInt(segment.substring(i + 1, i + 3), 16);
                i += 2;
            } else {
                out[n++] = (byte) c;
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    private ObjectKeys() {
    }
}
