package io.satchel.sync;

import static io.satchel.sync.ProgressEvents.event;
import static io.satchel.sync.ProgressEvents.pull;
import static io.satchel.sync.SyncFixtures.enroll;
import static io.satchel.sync.SyncFixtures.newCourseId;
import static io.satchel.sync.SyncFixtures.now;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.common.storage.ObjectStore;
import io.satchel.events.EventJson;
import io.satchel.sync.SyncFixtures.Published;
import io.satchel.sync.model.ItemResult;
import io.satchel.sync.service.ProgressEventParser;
import io.satchel.sync.service.ProgressIngest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The X-Consistent-Through promise, made deterministic: a write whose transaction is still open while a read answers
 * must, once committed, be stored after that read's X-Consistent-Through — so a client polling with since = that
 * header gets it. (A watermark of "now" fails exactly here: the write's time is already in the past when it commits.)
 */
@QuarkusTest
class ProgressConsistencyIT {
    @Inject
    ObjectStore store;

    @Inject
    ProgressIngest ingest;

    @Test
    void aWriteCommittingAfterAReadIsStoredAfterThatReadsConsistentThrough() throws Exception {
        String user = "pc-" + UUID.randomUUID();
        String course = newCourseId();
        Published p = SyncFixtures.publish(store, course, now().minusSeconds(600), 1);
        enroll(user, course, "b");
        Response first = pull(user, null);
        String perms = first.header("X-Permissions-Last-Modified");
        String since = first.header("X-Consistent-Through");

        var parser = new ProgressEventParser(now(), Duration.ofMinutes(5), false);
        var item = EventJson.mapper().valueToTree(event(course, p.leafIds().get(0), 1, 42, now().minusSeconds(1)));
        Response during;
        QuarkusTransaction.begin();
        try {
            List<ItemResult> results = ingest.apply(user, List.of(parser.parse(0, item, null)));
            assertEquals("applied", results.get(0).result());
            Thread.sleep(20); // the open write's stamp is now well in the past
            // a reader answering meanwhile neither blocks nor sees the uncommitted change
            during = pull(user, "since=" + since + "&sinceIfPermissionsNotChangedSince=" + perms);
            during.then().statusCode(200).body("records", hasSize(0));
        } finally {
            QuarkusTransaction.commit();
        }
        String through = during.header("X-Consistent-Through");
        Response after = pull(user, "since=" + through + "&sinceIfPermissionsNotChangedSince=" + perms);
        after.then().body("records", hasSize(1));
        Instant stored = Instant.parse(after.jsonPath().getString("records[0].stored"));
        assertTrue(stored.isAfter(Instant.parse(through)), stored + " must be after " + through);
    }
}
