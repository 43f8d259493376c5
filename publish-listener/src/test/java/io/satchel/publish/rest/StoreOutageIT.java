package io.satchel.publish.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.satchel.events.CourseKey;
import io.satchel.publish.support.PublishApi;
import io.satchel.publish.support.TestCourse;
import io.satchel.testing.RealInfrastructure;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL or S3 unreachable: the publish endpoints answer the contract's error JSON (503 DATABASE_UNAVAILABLE /
 * OBJECT_STORE_UNAVAILABLE with Retry-After), readiness is DOWN and liveness UP; it serves again once the store is
 * back, without a restart.
 */
@QuarkusTest
class StoreOutageIT {

    @Test
    void postgresDownIs503DatabaseUnavailableAndRecoversWithoutRestart() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        Supplier<Response> status = () -> given().header("Authorization", PublishApi.PUBLISHER)
                .get("/api/v1/courses/" + course.courseId() + "/publishes");
        assertEquals(200, status.get().statusCode());

        RealInfrastructure.postgres().stop();
        try {
            unavailable("DATABASE_UNAVAILABLE", PublishApi.upload(course.courseId(), "2026-03-01T10:00:00.000Z",
                    export));
            unavailable("DATABASE_UNAVAILABLE", status.get());
            assertEquals(503, given().get("/q/health/ready").statusCode(), "not ready without PostgreSQL");
            assertEquals(200, given().get("/q/health/live").statusCode(), "alive: a restart would not help");
        } finally {
            RealInfrastructure.postgres().start();
        }

        await(() -> given().get("/q/health/ready").statusCode() == 200);
        await(() -> PublishApi.upload(course.courseId(),
                "2026-03-01T10:00:00.000Z", export).statusCode() / 100 == 2);
        assertEquals(1, status.get().jsonPath().getList("publishes").size(), "accepted once the database is back");
    }

    @Test
    void s3DownIs503ObjectStoreUnavailable() {
        CourseKey course = TestCourse.unique();
        byte[] export = TestCourse.export(course).bytes();
        RealInfrastructure.s3().stop();
        try {
            unavailable("OBJECT_STORE_UNAVAILABLE", PublishApi.upload(course.courseId(), null, export));
            assertEquals(503, given().get("/q/health/ready").statusCode(), "not ready without the object store");
            assertEquals(200, given().get("/q/health/live").statusCode());
        } finally {
            RealInfrastructure.s3().start();
        }
        await(() -> given().get("/q/health/ready").statusCode() == 200);
        assertEquals(202, PublishApi.upload(course.courseId(), null, export).statusCode());
    }

    private static void await(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not recovered within 60 s");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void unavailable(String code, Response r) {
        assertEquals(503, r.statusCode(), r.asString());
        assertEquals(code, r.jsonPath().getString("error"), r.asString());
        assertEquals(Map.of(), r.jsonPath().getMap("details"));
        assertEquals("5", r.header("Retry-After"));
    }
}
