package io.satchel.renderer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code satchel.lms.*}: the online LMS that pages link to for what cannot work offline. */
@ConfigMapping(prefix = "satchel.lms")
public interface LmsConfig {
    @WithDefault("http://localhost:18000")
    String baseUrl();
}
