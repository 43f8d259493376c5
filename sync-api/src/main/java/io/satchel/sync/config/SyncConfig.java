package io.satchel.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** sync-api settings ({@code satchel.sync.*}). The presigned URL lifetime is {@code satchel.s3.presigned-url-lifetime}. */
@ConfigMapping(prefix = "satchel.sync")
public interface SyncConfig {

    Progress progress();

    Manifest manifest();

    Submissions submissions();

    /** Problem answers given offline (POST/GET /api/v1/submissions); pages and clock skew as for progress. */
    interface Submissions {
        /** Most submissions one POST may carry (413 beyond). */
        @WithDefault("1000")
        int maxSubmissions();

        /** Largest answers object, as compact UTF-8 JSON (ANSWERS_TOO_LARGE beyond). */
        @WithDefault("65536")
        int maxAnswersBytes();
    }

    interface Manifest {
        /**
         * How long one instance may reuse an (enrollment, manifest version) lookup for conditional GETs. Changes made
         * through this instance clear it at once; other instances see them within this time. PT0S disables it.
         */
        @WithDefault("PT1S")
        Duration accessCacheTtl();
    }

    interface Progress {
        /** Most events one POST /api/v1/progress may carry (413 beyond). */
        @WithDefault("1000")
        int maxEvents();

        /** How far in the future a client time may be before the event is rejected with INVALID_TIME. */
        @WithDefault("PT5M")
        Duration maxClockSkew();

        /** Page size of GET /api/v1/progress when no limit is given. */
        @WithDefault("500")
        int defaultLimit();

        /** Largest accepted limit of GET /api/v1/progress. */
        @WithDefault("5000")
        int maxLimit();
    }
}
