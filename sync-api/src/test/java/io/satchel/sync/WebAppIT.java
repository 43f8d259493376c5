package io.satchel.sync;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** sync-api serves the learner web app (satchel-web's build) at /app/ with its settings at /app/config.json. */
@QuarkusTest
class WebAppIT {

    @Test
    void servesTheAppShellItsServiceWorkerAndManifest() {
        String html = given().get("/app/").then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("<title>Satchel</title>")).extract().asString();
        String script = html.replaceAll("(?s).*src=\"(/app/assets/[^\"]+\\.js)\".*", "$1");
        given().get(script).then().statusCode(200).contentType(containsString("javascript"));
        given().get("/app/sw.js").then().statusCode(200).contentType(containsString("javascript"))
                .body(containsString("satchel-blocks-v1"));
        given().get("/app/manifest.webmanifest").then().statusCode(200).body(containsString("\"scope\": \"/app/\""));
        given().redirects().follow(false).get("/app").then().statusCode(301).header("Location", matchesPattern(".*/app/$"));
    }

    @Test
    void configNeedsNoTokenAndOffersOnlyPastedTokensWithoutAnOidcClient() {
        given().get("/app/config.json").then().statusCode(200)
                .header("Cache-Control", "no-cache")
                .body("apiBase", equalTo(""))
                .body("oidc", nullValue())
                .body("devSignIn", equalTo(true));
    }
}
