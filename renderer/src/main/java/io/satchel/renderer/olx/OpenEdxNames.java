package io.satchel.renderer.olx;

import io.satchel.events.CourseKey;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The url_name Open edX gives each block when it imports a course ({@code make_name_unique} in
 * {@code xmodule/modulestore/xml.py}), so a block's id here is the id the LMS uses:
 * <ol>
 * <li>the first of {@code url_name}, {@code slug}, {@code name}, {@code display_name} the element has, the last two
 * cleaned like {@code BlockUsageLocator.clean} (each run of characters outside letters, digits, {@code _ . % -}
 * becomes one {@code _});</li>
 * <li>none: the fallback name {@code <type>_<first 12 hex digits of the SHA-1 of the element's XML>}, the XML being
 * lxml's serialization of the element as its parent hands it over (blank text dropped, its tail included);</li>
 * <li>a name already used by a block of the same type that keeps learner state (problem, sequential, video, course,
 * chapter, poll_question, vertical) becomes {@code <type>_<name>_<hash>} the same way.</li>
 * </ol>
 * Blocks are named in course order (depth first), one instance per course read: the same export gives the same
 * names on every publish; an unnamed block's name changes when its own XML changes, as in Open edX.
 */
final class OpenEdxNames {
    private static final Set<String> NEED_UNIQUE_NAMES = Set.of("problem", "sequential", "video", "course", "chapter",
            "poll_question", "vertical");
    private static final Pattern FALLBACK_HASH = Pattern.compile("[0-9a-fA-F]{12}$");

    private final Map<String, Set<String>> usedNames = new HashMap<>();

    /**
     * @param element the block's element as it appears in its parent (pointer or inline)
     * @param xml     lxml's bytes of that element ({@link OlxElement#openEdxBytes})
     */
    String name(OlxElement element, byte[] xml) {
        String tag = element.name();
        String urlName = null;
        Map<String, String> attrs = element.attributes();
        if (attrs.containsKey("url_name")) {
            urlName = attrs.get("url_name");
        } else if (attrs.containsKey("slug")) {
            urlName = attrs.get("slug");
        } else if (attrs.containsKey("name")) {
            urlName = clean(attrs.get("name"));
        } else if (attrs.containsKey("display_name")) {
            urlName = clean(attrs.get("display_name"));
        }
        if (urlName == null || urlName.isEmpty()) {
            urlName = fallback(tag, null, xml);
        }
        Set<String> used = usedNames.computeIfAbsent(tag, t -> new HashSet<>());
        if (used.contains(urlName) && NEED_UNIQUE_NAMES.contains(tag)) {
            urlName = fallback(tag, urlName, xml);
        }
        used.add(urlName);
        return urlName;
    }

    static String clean(String value) {
        return CourseKey.cleanName(value);
    }

    private static String fallback(String tag, String original, byte[] xml) {
        if (original != null && original.startsWith(tag) && FALLBACK_HASH.matcher(original).find()) {
            // re-hash a fallback name: Python's original[len(tag) + 1:-12]
            int start = tag.length() + 1;
            int end = original.length() - 12;
            original = end > start ? original.substring(start, end) : "";
        }
        String middle = original == null || original.isEmpty() ? "" : "_" + original;
        return tag + middle + "_" + sha1(xml).substring(0, 12);
    }

    private static String sha1(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
