package io.satchel.common.kafka;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.WithDefault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Production consumers retry a record for minutes (a store outage of a few minutes must not dead-letter it). */
class RetryBudgetTest {
    private static final Duration AT_LEAST = Duration.ofMinutes(5);

    @Test
    void theDefaultBudgetIsMinutes() throws Exception {
        String value = PipelineConfig.Retry.class.getMethod("maxDuration").getAnnotation(WithDefault.class).value();
        assertTrue(Duration.parse(value).compareTo(AT_LEAST) >= 0, "default retry budget " + value);
    }

    @Test
    void noServiceShortensItOutsideTests() throws IOException {
        Path repo = Path.of(System.getProperty("satchel.repo.dir", Path.of("..").toAbsolutePath().normalize()
                .toString()));
        for (String service : List.of("publish-listener", "renderer", "archiver", "sync-api")) {
            Path properties = repo.resolve(service + "/src/main/resources/application.properties");
            assertTrue(Files.exists(properties), properties + " is missing");
            for (String line : Files.readAllLines(properties)) {
                if (line.startsWith("satchel.consumer.retry.max-duration=")) {
                    String value = line.substring(line.indexOf('=') + 1).replaceAll("\\$\\{[^:]*:(.*)}", "$1");
                    assertTrue(Duration.parse(value).compareTo(AT_LEAST) >= 0, service + ": " + line);
                }
            }
        }
    }
}
