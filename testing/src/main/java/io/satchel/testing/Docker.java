package io.satchel.testing;

import org.testcontainers.DockerClientFactory;

/** Testcontainers is used only where a Docker engine answers; SATCHEL_TEST_NO_DOCKER=1 forces the process path. */
final class Docker {
    private static Boolean available;

    static synchronized boolean available() {
        if (available == null) {
            if ("1".equals(System.getenv("SATCHEL_TEST_NO_DOCKER"))) {
                available = false;
            } else {
                try {
                    available = DockerClientFactory.instance().isDockerAvailable();
                } catch (Throwable e) {
                    available = false;
                }
            }
        }
        return available;
    }

    private Docker() {
    }
}
