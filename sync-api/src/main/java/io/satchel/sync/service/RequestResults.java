package io.satchel.sync.service;

import io.satchel.sync.model.ItemResult;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The results of one bulk write request (progress, submissions), one per item in request order. An eventId names one
 * item: only its first occurrence is written, and a repeat inside the request shares that outcome (the same
 * rejection, else {@code duplicate}).
 */
final class RequestResults {
    final ItemResult[] results;
    private final UUID[] ids;
    private final String[] texts;
    private final Map<UUID, Integer> firstIndex;

    RequestResults(int size) {
        results = new ItemResult[size];
        ids = new UUID[size];
        texts = new String[size];
        firstIndex = new HashMap<>(size * 2);
    }

    /** An item rejected by its own fields ({@code eventId} is the client's text, may be null). */
    void reject(int index, String eventId, String code) {
        results[index] = ItemResult.rejected(eventId, code);
    }

    /** A well-formed item; true when it is the first with its eventId (so the one to write). */
    boolean first(int index, UUID id, String eventId) {
        ids[index] = id;
        texts[index] = eventId;
        return firstIndex.putIfAbsent(id, index) == null;
    }

    /** Fills in the repeats once every first occurrence has its result. */
    List<ItemResult> finish() {
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                ItemResult first = results[firstIndex.get(ids[i])];
                results[i] = first.isRejected() ? first : ItemResult.duplicate(texts[i]);
            }
        }
        return Arrays.asList(results);
    }
}
