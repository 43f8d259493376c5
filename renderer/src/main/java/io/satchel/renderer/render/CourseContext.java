package io.satchel.renderer.render;

import io.satchel.events.ObjectKeys;
import io.satchel.renderer.olx.OlxCourse;

/** What every page of one course render shares: the course, its files, the LMS for online links. */
public record CourseContext(OlxCourse course, CourseFiles files, ExternalAssets external, String lmsBaseUrl) {

    public static CourseContext of(OlxCourse course, ExternalAssets external, String lmsBaseUrl) {
        return of(course, external, lmsBaseUrl, java.util.Map.of());
    }

    public static CourseContext of(OlxCourse course, ExternalAssets external, String lmsBaseUrl,
            java.util.Map<java.nio.file.Path, String> knownHashes) {
        String lms = lmsBaseUrl.endsWith("/") ? lmsBaseUrl.substring(0, lmsBaseUrl.length() - 1) : lmsBaseUrl;
        return new CourseContext(course, new CourseFiles(course.staticDir(), knownHashes), external, lms);
    }

    public String courseId() {
        return course.key().courseId();
    }

    /** The LMS view of a block, for content that does not work offline. */
    public String onlineBlockUrl(String blockId) {
        return lmsBaseUrl + "/courses/" + courseId() + "/jump_to/" + blockId;
    }

    /** The LMS URL of a course asset ({@code /asset-v1:...+type@asset+block@NAME}). */
    public String onlineAssetUrl(String name) {
        var k = course.key();
        return lmsBaseUrl + "/asset-v1:" + k.org() + "+" + k.course() + "+" + k.run() + "+type@asset+block@"
                + UrlPaths.encodePath(name);
    }

    /**
     * Folder name of a block's page in the course zip: {@link ObjectKeys#segment} of the block id. Links between
     * blocks ({@code /jump_to_id/}) are written as {@code ../<segment>/index.html} relative to a page.
     */
    public static String pageFolder(String blockId) {
        return ObjectKeys.segment(blockId);
    }
}
