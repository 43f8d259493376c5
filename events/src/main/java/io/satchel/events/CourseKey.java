package io.satchel.events;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An Open edX course key {@code course-v1:ORG+COURSE+RUN} and the block ids under it. */
public record CourseKey(String org, String course, String run) {
    private static final Pattern COURSE_V1 = Pattern.compile("course-v1:([^+/:\\s]+)\\+([^+/:\\s]+)\\+([^+/:\\s]+)");
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^\\p{L}\\p{N}_.%-]");
    private static final Pattern UNDERSCORES = Pattern.compile("_+");
    private static final Pattern BLOCK_V1 =
            Pattern.compile("block-v1:([^+/:\\s]+)\\+([^+/:\\s]+)\\+([^+/:\\s]+)\\+type@([^+/\\s]+)\\+block@([^/\\s]+)");

    /** @throws IllegalArgumentException when the text is not a course-v1 key */
    public static CourseKey parse(String courseId) {
        Matcher m = courseId == null ? null : COURSE_V1.matcher(courseId);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("not an Open edX course key (course-v1:ORG+COURSE+RUN): " + courseId);
        }
        return new CourseKey(m.group(1), m.group(2), m.group(3));
    }

    /**
     * The key Open edX's XML import gives the root {@code <course>} of course.xml ({@code XMLModuleStore.load_course}):
     * org and course as written, the run from {@code url_name}, else {@code slug}, else {@code name} cleaned
     * ({@link #cleanName}); older courses name their run only by slug or name. Blank counts as absent.
     *
     * @return the key, or null when org, course or the run is missing
     */
    public static CourseKey ofCourseXml(String org, String course, String urlName, String slug, String name) {
        String run = !isBlank(urlName) ? urlName.trim() : !isBlank(slug) ? slug.trim()
                : !isBlank(name) ? cleanName(name.trim()) : null;
        if (isBlank(org) || isBlank(course) || isBlank(run)) {
            return null;
        }
        return new CourseKey(org.trim(), course.trim(), run);
    }

    /**
     * Open edX's {@code BlockUsageLocator.clean} for names taken from {@code name} or {@code display_name}: each run
     * of characters outside letters, digits, {@code _ . % -} becomes one {@code _}.
     */
    public static String cleanName(String value) {
        return UNDERSCORES.matcher(INVALID_NAME_CHARS.matcher(value).replaceAll("_")).replaceAll("_");
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    public static boolean isValid(String courseId) {
        return courseId != null && COURSE_V1.matcher(courseId).matches();
    }

    public String courseId() {
        return "course-v1:" + org + "+" + course + "+" + run;
    }

    /** {@code block-v1:ORG+COURSE+RUN+type@TYPE+block@URL_NAME}, as the LMS names blocks. */
    public String blockId(String type, String urlName) {
        return "block-v1:" + org + "+" + course + "+" + run + "+type@" + type + "+block@" + urlName;
    }

    /** True when the block id is a block-v1 id of this course. */
    public boolean owns(String blockId) {
        Matcher m = blockId == null ? null : BLOCK_V1.matcher(blockId);
        return m != null && m.matches() && m.group(1).equals(org) && m.group(2).equals(course) && m.group(3).equals(run);
    }

    /** The type part of a block-v1 id, or null. */
    public static String blockType(String blockId) {
        Matcher m = blockId == null ? null : BLOCK_V1.matcher(blockId);
        return m != null && m.matches() ? m.group(4) : null;
    }

    @Override
    public String toString() {
        return courseId();
    }
}
