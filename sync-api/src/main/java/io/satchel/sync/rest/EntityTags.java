package io.satchel.sync.rest;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Conditional GET helpers (RFC 9110): If-None-Match uses the weak comparison, If-Modified-Since whole seconds. */
public final class EntityTags {

    /** True when an If-None-Match header value matches the (strong) tag: a list, W/ prefixes and * allowed. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
            return false;
        }
        String opaque = strip(etag);
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || strip(c).equals(opaque)) {
                return true;
            }
        }
        return false;
    }

    private static String strip(String tag) {
        String t = tag.startsWith("W/") ? tag.substring(2) : tag;
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }

    /** True when the resource did not change after an If-Modified-Since value (unparseable values never match). */
    public static boolean notModifiedSince(String ifModifiedSince, Instant lastModified) {
        if (ifModifiedSince == null || ifModifiedSince.isBlank()) {
            return false;
        }
        try {
            Instant since = DateTimeFormatter.RFC_1123_DATE_TIME.parse(ifModifiedSince.trim(), Instant::from);
            return lastModified.getEpochSecond() <= since.getEpochSecond();
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    public static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC).format(t);
    }

    private EntityTags() {
    }
}
