package io.satchel.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourceIndexTest {
    @Test
    void indexSitsBesideItsSnapshotAndRoundTripsThroughJson() {
        String course = "course-v1:A+B+C";
        assertEquals("source-indexes/course-v1~3AA~2BB~2BC/p1.json", ObjectKeys.sourceIndex(course, "p1"));
        SourceIndex index = new SourceIndex(ObjectKeys.source(course, "p1"), "ab", 42, List.of("course"),
                List.of(new SourceIndex.Entry("course/course.xml", 7, "cd", 30)));
        assertEquals(index, EventJson.fromBytes(EventJson.toBytes(index), SourceIndex.class));
    }
}
