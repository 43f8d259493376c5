package io.satchel.events;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ObjectKeysTest {
    private static final String COURSE = "course-v1:Org+C1+2026";

    @Test
    void aKeyOfTheCoursesOwnAreaIsIn() {
        assertTrue(ObjectKeys.isInCourseArea("archives", COURSE, ObjectKeys.offlineManifest(COURSE, "p1")));
        assertTrue(ObjectKeys.isInCourseArea("sources", COURSE, ObjectKeys.source(COURSE, "p1")));
    }

    @Test
    void anotherCoursesKeyATraversalAnotherAreaOrNothingIsOut() {
        String other = "course-v1:Org+C2+2026";
        assertFalse(ObjectKeys.isInCourseArea("archives", COURSE, ObjectKeys.offlineManifest(other, "p1")));
        assertFalse(ObjectKeys.isInCourseArea("archives", COURSE,
                ObjectKeys.archivesPrefix(COURSE) + "../" + ObjectKeys.offlineManifest(other, "p1")));
        assertFalse(ObjectKeys.isInCourseArea("archives", COURSE, ObjectKeys.archivesPrefix(COURSE) + ".."));
        assertFalse(ObjectKeys.isInCourseArea("rendered", COURSE, ObjectKeys.offlineManifest(COURSE, "p1")));
        assertFalse(ObjectKeys.isInCourseArea("archives", COURSE, null));
        assertFalse(ObjectKeys.isInCourseArea("archives", null, ObjectKeys.offlineManifest(COURSE, "p1")));
    }
}
