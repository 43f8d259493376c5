package io.satchel.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** S3 / MinIO connection ({@code satchel.s3.*}). */
@ConfigMapping(prefix = "satchel.s3")
public interface StorageConfig {
    /** e.g. http://127.0.0.1:9000 */
    String endpoint();

    @WithDefault("satchel")
    String accessKey();

    @WithDefault("satchel-secret")
    String secretKey();

    @WithDefault("satchel")
    String bucket();

    @WithDefault("us-east-1")
    String region();

    /** Endpoint clients reach for presigned URLs when it differs from {@link #endpoint()} (e.g. behind a proxy). */
    Optional<String> publicEndpoint();

    /** Lifetime of presigned download URLs. */
    @WithDefault("PT1H")
    Duration presignedUrlLifetime();

    /** Part size of multipart uploads of unknown length. */
    @WithDefault("16777216")
    long partSize();

    /** Requests to the store at once (okhttp's default would be 5 per host). */
    @WithDefault("16")
    int maxConcurrentRequests();
}
