package io.satchel.publish.support;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.ObjectKeys;
import io.satchel.publish.entity.OutboxEvent;
import io.satchel.publish.entity.Publish;
import java.util.List;

/** What the service left behind for a course: snapshot objects, publish rows, outbox rows. */
public final class Stored {
    public static List<String> sourceObjects(ObjectStore store, String courseId) {
        return store.list("sources/" + ObjectKeys.segment(courseId) + "/");
    }

    public static List<Publish> publishes(String courseId) {
        return QuarkusTransaction.requiringNew().call(() -> Publish.<Publish>list("courseId", courseId));
    }

    public static List<OutboxEvent> outbox(String courseId) {
        return QuarkusTransaction.requiringNew()
                .call(() -> OutboxEvent.<OutboxEvent>list("messageKey = ?1 order by seq", courseId));
    }

    private Stored() {
    }
}
