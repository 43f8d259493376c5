package io.satchel.sync.rest;

import io.satchel.common.rest.ApiException;
import io.satchel.events.Timestamps;
import io.satchel.sync.service.FeedCursor;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** The query parameters the feeds (GET progress, GET submissions) share, read from the raw query: 400 when bad. */
final class FeedQuery {

    /** An RFC 3339 time parameter, or null when absent or empty. */
    static Instant time(String rawQuery, String name, String code) {
        String v = RawQuery.param(rawQuery, name);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Timestamps.parse(v);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(code, name + " must be an RFC 3339 time such as 2026-11-21T10:15:30.123Z.");
        }
    }

    /** The {@code cursor} of a {@code more} URL, or null (400 INVALID_CURSOR for one this server did not issue). */
    static FeedCursor cursor(String rawQuery) {
        String text = RawQuery.param(rawQuery, "cursor");
        return text == null || text.isEmpty() ? null : FeedCursor.decode(text);
    }

    /** {@code limit} in [1, max]; {@code defaultLimit} when absent. */
    static int limit(String rawQuery, int defaultLimit, int max) {
        String text = RawQuery.param(rawQuery, "limit");
        if (text == null || text.isEmpty()) {
            return defaultLimit;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiException.badRequest("INVALID_LIMIT", "limit must be an integer from 1 to " + max + ".");
    }

    private FeedQuery() {
    }
}
