package io.satchel.k8s;

import static io.satchel.k8s.Objects.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each service's Dockerfile runs its Quarkus fast-jar as the user and on the port its Deployment expects, and each
 * overlay names every image with a registry and a tag (set once, in the overlay's images:).
 */
class ImagesTest {
    @ParameterizedTest
    @ValueSource(strings = {"publish-listener", "renderer", "archiver", "sync-api"})
    void dockerfileMatchesTheDeployment(String service) throws Exception {
        Path dockerfile = Project.repo().resolve(service).resolve("src/main/docker/Dockerfile.jvm");
        String text = Files.readString(dockerfile);
        assertTrue(text.contains("COPY --chown=185 target/quarkus-app/lib/ /deployments/lib/"), dockerfile::toString);
        assertTrue(text.contains("ENTRYPOINT [\"java\", \"-jar\", \"/deployments/quarkus-run.jar\"]"),
                dockerfile::toString);
        for (String overlay : Project.OVERLAYS) {
            var d = get(Kustomize.render(overlay), "Deployment", service);
            assertEquals(first(text, "(?m)^USER (\\d+)$"), d.at("/spec/template/spec/securityContext/runAsUser").asText());
            assertEquals(first(text, "(?m)^EXPOSE (\\d+)$"),
                    d.at("/spec/template/spec/containers/0/ports/0/containerPort").asText());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyImageIsRenamedAndTaggedInTheOverlay(String overlay) {
        for (var d : Objects.ofKind(Kustomize.render(overlay), "Deployment")) {
            for (var c : d.at("/spec/template/spec/containers")) {
                String image = c.path("image").asText();
                String name = image.substring(image.lastIndexOf('/') + 1);
                assertTrue(name.matches("[^:@]+:[\\w][\\w.-]*"), Objects.id(d) + " image " + image + " has no tag");
                assertTrue(!image.startsWith("satchel/"), Objects.id(d) + " image " + image
                        + " is the base's placeholder: give it its registry in the overlay's images:");
            }
        }
    }

    private static String first(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), "no match for " + regex);
        return m.group(1);
    }
}
