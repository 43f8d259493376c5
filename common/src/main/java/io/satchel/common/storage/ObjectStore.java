package io.satchel.common.storage;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.GetPresignedObjectUrlArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.http.Method;
import io.minio.messages.Item;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import okhttp3.OkHttpClient;

/**
 * The object store (S3 / MinIO / S3Proxy) through minio-java. Plain class so tests and tools can build one; services
 * get the CDI-produced instance ({@link ObjectStoreProducer}).
 */
public class ObjectStore implements AutoCloseable {
    static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
    private final OkHttpClient http;
    private final MinioClient client;
    private final MinioClient presigner;
    private final String bucket;
    private final Duration presignedLifetime;
    private final long partSize;

    public ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region,
            String publicEndpoint, Duration presignedLifetime, long partSize) {
        this(endpoint, accessKey, secretKey, bucket, region, publicEndpoint, presignedLifetime, partSize,
                DEFAULT_MAX_CONCURRENT_REQUESTS);
    }

    public ObjectStore(String endpoint, String accessKey, String secretKey, String bucket, String region,
            String publicEndpoint, Duration presignedLifetime, long partSize, int maxConcurrentRequests) {
        this.http = S3HttpClients.tuned(maxConcurrentRequests);
        this.client = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region)
                .httpClient(http).build();
        this.presigner = publicEndpoint == null || publicEndpoint.equals(endpoint) ? client
                : MinioClient.builder().endpoint(publicEndpoint).credentials(accessKey, secretKey).region(region)
                        .build();
        this.bucket = bucket;
        this.presignedLifetime = presignedLifetime;
        this.partSize = partSize;
    }

    public static ObjectStore of(StorageConfig c) {
        return new ObjectStore(c.endpoint(), c.accessKey(), c.secretKey(), c.bucket(), c.region(),
                c.publicEndpoint().orElse(null), c.presignedUrlLifetime(), c.partSize(), c.maxConcurrentRequests());
    }

    public String bucket() {
        return bucket;
    }

    public void ensureBucket() {
        call(() -> {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
            }
            return null;
        }, "create bucket " + bucket);
    }

    /** True when the store answers (for readiness checks). */
    public boolean isReachable() {
        try {
            return client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            return false;
        }
    }

    /** Streams an object of known or unknown (-1) size; unknown sizes go multipart in {@code partSize} parts. */
    public void put(String key, InputStream in, long size, String contentType, Map<String, String> metadata) {
        call(() -> client.putObject(PutObjectArgs.builder().bucket(bucket).object(key)
                .stream(in, size, size >= 0 && size < 5L * 1024 * 1024 * 1024 ? -1 : partSize)
                .contentType(contentType == null ? "application/octet-stream" : contentType)
                .userMetadata(metadata == null ? Map.of() : metadata).build()), "put " + key);
    }

    public void put(String key, byte[] bytes, String contentType, Map<String, String> metadata) {
        put(key, new ByteArrayInputStream(bytes), bytes.length, contentType, metadata);
    }

    public void put(String key, Path file, String contentType, Map<String, String> metadata) {
        try (InputStream in = Files.newInputStream(file)) {
            put(key, in, Files.size(file), contentType, metadata);
        } catch (IOException e) {
            throw new StorageException("put " + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens an object for reading; the caller closes the stream. Empty when it does not exist. */
    public Optional<InputStream> get(String key) {
        return call(() -> {
            try {
                return Optional.of(client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        }, "get " + key);
    }

    public Optional<byte[]> getBytes(String key) {
        Optional<InputStream> in = get(key);
        if (in.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream s = in.get()) {
            return Optional.of(s.readAllBytes());
        } catch (IOException e) {
            throw new StorageException("read " + key + ": " + e.getMessage(), e);
        }
    }

    /** Opens bytes [offset, offset+length) of an object. */
    public InputStream getRange(String key, long offset, long length) {
        return call(() -> client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).offset(offset)
                .length(length).build()), "get range of " + key);
    }

    public Optional<StoredObject> stat(String key) {
        return call(() -> {
            try {
                StatObjectResponse r = client.statObject(StatObjectArgs.builder().bucket(bucket).object(key).build());
                Map<String, String> meta = new TreeMap<>();
                r.userMetadata().forEach((k, v) -> meta.put(k.toLowerCase(java.util.Locale.ROOT), v));
                return Optional.of(new StoredObject(key, r.size(), r.etag(),
                        r.lastModified() == null ? null : r.lastModified().toInstant(), meta));
            } catch (ErrorResponseException e) {
                if (isNotFound(e)) {
                    return Optional.empty();
                }
                throw e;
            }
        }, "stat " + key);
    }

    public boolean exists(String key) {
        return stat(key).isPresent();
    }

    public void delete(String key) {
        call(() -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            return null;
        }, "delete " + key);
    }

    /** Every key under a prefix, recursively, in key order. */
    public List<String> list(String prefix) {
        return call(() -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> r : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(r.get().objectName());
            }
            keys.sort(null);
            return keys;
        }, "list " + prefix);
    }

    /** A presigned GET URL (supports Range) valid for the configured lifetime. */
    public String presignedGet(String key) {
        return call(() -> presigner.getPresignedObjectUrl(GetPresignedObjectUrlArgs.builder().method(Method.GET)
                .bucket(bucket).object(key).expiry((int) presignedLifetime.toSeconds()).build()), "presign " + key);
    }

    private static boolean isNotFound(ErrorResponseException e) {
        String code = e.errorResponse() == null ? null : e.errorResponse().code();
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)
                || (e.response() != null && e.response().code() == 404 && !"NoSuchBucket".equals(code));
    }

    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> call, String what) {
        try {
            return call.run();
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException(what + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        if (presigner != client) {
            presigner.close();
        }
        // minio-java leaves a client it did not create open
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
