package io.satchel.sync.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fields of one progress event exactly as the JSON gave them, before any check: strings only when the JSON value
 * was a string, numbers only when it was an integer that fits an int. Filled either from a parsed tree (Sunbird,
 * tests) or straight from the token stream (bulk ingest, {@code rest/ProgressBodyReader}), so both paths share ONE
 * set of checks ({@link ProgressEventParser#parse(int, ProgressItem, java.util.UUID)}). Reusable: {@link #clear()}.
 */
public final class ProgressItem {
    /** State of a field that is not a plain string. */
    public static final byte ABSENT = 0; // missing or JSON null
    public static final byte VALUE = 1;
    public static final byte WRONG_TYPE = 2;

    String eventId;
    String courseId;
    String contentId;
    byte batchState;
    String batchId;
    byte statusState;
    int status;
    byte progressState;
    int progress;
    byte accessState;
    String lastAccessTime;
    byte completedState;
    String lastCompletedTime;

    public void clear() {
        eventId = courseId = contentId = batchId = lastAccessTime = lastCompletedTime = null;
        batchState = statusState = progressState = accessState = completedState = ABSENT;
    }

    public void eventId(String v) {
        eventId = v;
    }

    public void courseId(String v) {
        courseId = v;
    }

    public void contentId(String v) {
        contentId = v;
    }

    /** @param state ABSENT, VALUE (then {@code v} is the text) or WRONG_TYPE */
    public void batchId(byte state, String v) {
        batchState = state;
        batchId = v;
    }

    /** @param state ABSENT, VALUE (an integer that fits an int) or WRONG_TYPE (any other value) */
    public void status(byte state, int v) {
        statusState = state;
        status = v;
    }

    public void progress(byte state, int v) {
        progressState = state;
        progress = v;
    }

    public void lastAccessTime(byte state, String v) {
        accessState = state;
        lastAccessTime = v;
    }

    public void lastCompletedTime(byte state, String v) {
        completedState = state;
        lastCompletedTime = v;
    }

    /** The fields of a tree node (an object), with the same reading as the token stream. */
    public static ProgressItem of(JsonNode item) {
        ProgressItem p = new ProgressItem();
        p.eventId = text(item.get("eventId"));
        p.courseId = text(item.get("courseId"));
        p.contentId = text(item.get("contentId"));
        JsonNode n = item.get("batchId");
        p.batchId(stringState(n), text(n));
        n = item.get("status");
        p.status(intState(n), intState(n) == VALUE ? n.intValue() : 0);
        n = item.get("progress");
        p.progress(intState(n), intState(n) == VALUE ? n.intValue() : 0);
        n = item.get("lastAccessTime");
        p.lastAccessTime(stringState(n), text(n));
        n = item.get("lastCompletedTime");
        p.lastCompletedTime(stringState(n), text(n));
        return p;
    }

    private static String text(JsonNode n) {
        return n == null || !n.isTextual() ? null : n.asText();
    }

    private static byte stringState(JsonNode n) {
        return n == null || n.isNull() ? ABSENT : n.isTextual() ? VALUE : WRONG_TYPE;
    }

    private static byte intState(JsonNode n) {
        return n == null || n.isNull() ? ABSENT : n.isIntegralNumber() && n.canConvertToInt() ? VALUE : WRONG_TYPE;
    }
}
