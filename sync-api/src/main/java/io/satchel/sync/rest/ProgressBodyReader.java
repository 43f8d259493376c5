package io.satchel.sync.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.satchel.common.rest.ApiException;
import io.satchel.sync.service.ProgressEventParser;
import io.satchel.sync.service.ProgressEventParser.Parsed;
import io.satchel.sync.service.ProgressItem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of POST /api/v1/progress ({@code {"events": [...]}}) straight from the token stream into checked
 * events: no JSON tree, one reusable {@link ProgressItem} (a 1,000-event body was mostly tree building before). The
 * whole body is read before anything is applied, and its answers are those of a tree read: not JSON ⇒ 400
 * INVALID_JSON; not {"events": [...]} ⇒ 400 INVALID_BODY; more than {@code max} events ⇒ 413; an element that is not
 * an object ⇒ 400 INVALID_BODY (in that order of precedence); a repeated key counts with its last value.
 */
@ApplicationScoped
public class ProgressBodyReader {
    @Inject
    ObjectMapper mapper;

    public List<Parsed> read(byte[] body, ProgressEventParser checks, int max) {
        if (body == null || body.length == 0) {
            throw ApiException.badRequest("INVALID_JSON", "The request needs a JSON body.");
        }
        Events events;
        try (JsonParser p = mapper.getFactory().createParser(body)) {
            JsonToken root = p.nextToken();
            if (root == null) {
                throw ApiException.badRequest("INVALID_JSON", "The request needs a JSON body.");
            }
            events = root == JsonToken.START_OBJECT ? readRoot(p, checks, max) : null;
            if (root != JsonToken.START_OBJECT) {
                p.skipChildren(); // a tree read would still reject malformed JSON first
            }
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("INVALID_JSON", "The body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ApiException.badRequest("INVALID_JSON", "The body could not be read: " + e.getMessage());
        }
        if (events == null) {
            throw ApiException.badRequest("INVALID_BODY", "The body must be {\"events\": [...]}.");
        }
        if (events.count > max) {
            throw new ApiException(413, "TOO_MANY_EVENTS", "At most " + max + " events per request; split the batch.",
                    Map.of("max", max, "received", events.count));
        }
        if (events.notAnObject) {
            throw ApiException.badRequest("INVALID_BODY", "Every element of events must be an object.");
        }
        return events.parsed;
    }

    /** What the last "events" member held; null when there is none or it is not an array. */
    private static final class Events {
        final List<Parsed> parsed = new ArrayList<>();
        int count;
        boolean notAnObject;
    }

    private static Events readRoot(JsonParser p, ProgressEventParser checks, int max) throws IOException {
        Events events = null;
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken value = p.nextToken();
            if (!field.equals("events")) {
                p.skipChildren();
            } else if (value == JsonToken.START_ARRAY) {
                events = readEvents(p, checks, max);
            } else {
                p.skipChildren();
                events = null;
            }
        }
        return events;
    }

    private static Events readEvents(JsonParser p, ProgressEventParser checks, int max) throws IOException {
        Events events = new Events();
        ProgressItem item = new ProgressItem();
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            int index = events.count++;
            if (t != JsonToken.START_OBJECT || events.count > max || events.notAnObject) {
                // the answer is already a whole-body error; the rest is only read to tell bad JSON apart
                events.notAnObject |= t != JsonToken.START_OBJECT;
                p.skipChildren();
                continue;
            }
            readItem(p, item);
            events.parsed.add(checks.parse(index, item, null));
        }
        return events;
    }

    private static void readItem(JsonParser p, ProgressItem item) throws IOException {
        item.clear();
        String field;
        while ((field = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            switch (field) {
                case "eventId" -> item.eventId(string(p, t));
                case "courseId" -> item.courseId(string(p, t));
                case "contentId" -> item.contentId(string(p, t));
                case "batchId" -> item.batchId(stringState(p, t), string(p, t));
                case "status" -> item.status(intState(p, t), t == JsonToken.VALUE_NUMBER_INT ? intOf(p) : 0);
                case "progress" -> item.progress(intState(p, t), t == JsonToken.VALUE_NUMBER_INT ? intOf(p) : 0);
                case "lastAccessTime" -> item.lastAccessTime(stringState(p, t), string(p, t));
                case "lastCompletedTime" -> item.lastCompletedTime(stringState(p, t), string(p, t));
                default -> p.skipChildren();
            }
        }
    }

    /** The text of a string value, else null (an object or array value is skipped). */
    private static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    private static byte stringState(JsonParser p, JsonToken t) {
        return t == JsonToken.VALUE_NULL ? ProgressItem.ABSENT
                : t == JsonToken.VALUE_STRING ? ProgressItem.VALUE : ProgressItem.WRONG_TYPE;
    }

    private static byte intState(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return ProgressItem.ABSENT;
        }
        if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT) {
            return ProgressItem.VALUE;
        }
        p.skipChildren();
        return ProgressItem.WRONG_TYPE;
    }

    private static int intOf(JsonParser p) throws IOException {
        return p.getNumberType() == JsonParser.NumberType.INT ? p.getIntValue() : 0;
    }
}
