package io.satchel.publish.support;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import io.satchel.testing.TestTokens;

/** The publish endpoints as a CMS calls them, with a publisher token. */
public final class PublishApi {
    public static final String PUBLISHER = TestTokens.bearer("cms", "publisher");

    /** PUT of an export; the course id goes into the path exactly as given (raw or percent-encoded). */
    public static Response upload(String courseIdInPath, String publishedAt, byte[] body) {
        RequestSpecification request = given().urlEncodingEnabled(false).header("Authorization", PUBLISHER)
                .contentType("application/gzip").body(body);
        if (publishedAt != null) {
            request.header("X-Published-At", publishedAt);
        }
        return request.when().put("/api/v1/courses/" + courseIdInPath + "/source");
    }

    private PublishApi() {
    }
}
