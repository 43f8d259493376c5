package io.satchel.publish.support;

import io.satchel.events.CourseKey;
import java.util.UUID;

/** A course id no other test uses, so Kafka records, rows and objects of one test never mix with another's. */
public final class TestCourse {
    public static CourseKey unique() {
        return new CourseKey("Test", "C" + UUID.randomUUID().toString().replace("-", "").substring(0, 12), "2026");
    }

    public static TarGz export(CourseKey key) {
        return TarGz.course(key.org(), key.course(), key.run(), "course");
    }

    private TestCourse() {
    }
}
