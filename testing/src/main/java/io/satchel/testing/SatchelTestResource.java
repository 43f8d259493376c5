package io.satchel.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Points a @QuarkusTest at the real Kafka, PostgreSQL and S3 of {@link RealInfrastructure}. Use on one test class of
 * a module: {@code @QuarkusTestResource(SatchelTestResource.class)} (it then applies to every test of the module).
 * The servers outlive Quarkus restarts; they stop when the JVM exits.
 */
public class SatchelTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return RealInfrastructure.quarkusConfig();
    }

    @Override
    public void stop() {
        // shared for the whole run: RealInfrastructure stops everything at JVM exit
    }
}
