package io.satchel.archiver.storage;

import io.minio.GetObjectArgs;
import io.minio.MinioClient;
import io.minio.S3Escaper;
import io.minio.Signer;
import io.minio.errors.ErrorResponseException;
import io.satchel.archiver.config.ArchiverConfig;
import io.satchel.common.storage.StorageConfig;
import io.satchel.common.storage.S3HttpClients;
import io.satchel.common.storage.StorageException;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The archiver's own connection to object storage for its hot path: hundreds of small GETs and PUTs per course, and
 * a few large PUTs. Its HTTP client is the shared one ({@link S3HttpClients}: TCP_NODELAY, as many requests at once
 * as the archiver has workers); what it adds over the shared ObjectStore, measured (docs/benchmarks.md, archiver
 * section):
 * <ul>
 * <li><b>PUT without a second hashing pass.</b> minio-java signs each payload (each part) with its SHA-256 over plain
 * http, buffering parts in memory, and S3Proxy buffers a signed payload to check it. The archiver knows each zip's
 * sha256 already (it is the object's key), so it sends the body unsigned and streamed, with
 * {@code x-amz-checksum-sha256} = that hash: the store checks the bytes it received against it and refuses the PUT
 * otherwise (BadDigest), so integrity is checked end to end against the content address, at no cost here.</li>
 * </ul>
 */
@ApplicationScoped
public class TunedS3Client {
    /** Largest single PUT S3 accepts; bigger objects go multipart through minio-java. */
    public static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.US);
    private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]*)</Code>");

    private final OkHttpClient http;
    private final MinioClient minio;
    private final HttpUrl endpoint;
    private final String bucket;
    private final String region;
    private final String accessKey;
    private final String secretKey;

    @Inject
    TunedS3Client(StorageConfig storage, ArchiverConfig config) {
        this(storage.endpoint(), storage.accessKey(), storage.secretKey(), storage.bucket(), storage.region(),
                Math.max(8, 2 * config.parallelism()));
    }

    public TunedS3Client(String endpoint, String accessKey, String secretKey, String bucket, String region,
            int maxConcurrent) {
        this.http = S3HttpClients.tuned(maxConcurrent);
        this.minio = MinioClient.builder().endpoint(endpoint).credentials(accessKey, secretKey).region(region)
                .httpClient(http).build();
        this.endpoint = HttpUrl.get(endpoint);
        this.bucket = bucket;
        this.region = region;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
    }

    @PreDestroy
    void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    /** Opens an object for reading (the caller closes it); empty when it does not exist. */
    public Optional<InputStream> get(String key) {
        try {
            return Optional.of(minio.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build()));
        } catch (ErrorResponseException e) {
            String code = e.errorResponse() == null ? null : e.errorResponse().code();
            if ("NoSuchKey".equals(code) || "NoSuchObject".equals(code) || "NotFound".equals(code)) {
                return Optional.empty();
            }
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new StorageException("get " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** PUTs {@code length} bytes of {@code bytes} whose sha256 is {@code sha256Hex}; the store checks it. */
    public void put(String key, byte[] bytes, int length, String sha256Hex, String contentType,
            Map<String, String> metadata) {
        put(key, RequestBody.create(bytes, null, 0, length), sha256Hex, contentType, metadata);
    }

    /** PUTs a file (streamed, up to {@link #MAX_SINGLE_PUT}) whose sha256 is {@code sha256Hex}; the store checks it. */
    public void put(String key, Path file, String sha256Hex, String contentType, Map<String, String> metadata) {
        put(key, RequestBody.create(file.toFile(), null), sha256Hex, contentType, metadata);
    }

    private void put(String key, RequestBody body, String sha256Hex, String contentType,
            Map<String, String> metadata) {
        HttpUrl url = endpoint.newBuilder().addEncodedPathSegment(S3Escaper.encode(bucket))
                .addEncodedPathSegments(S3Escaper.encodePath(key)).build();
        Request.Builder request = new Request.Builder().url(url).put(body)
                .header("Host", hostHeader(url))
                .header("Content-Type", contentType)
                .header("x-amz-date", ZonedDateTime.now(ZoneOffset.UTC).format(AMZ_DATE))
                .header("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
                .header("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of()
                        .parseHex(sha256Hex)));
        metadata.forEach((k, v) -> request.header("x-amz-meta-" + k, v));
        try {
            Request signed = Signer.signV4S3(request.build(), region, accessKey, secretKey, "UNSIGNED-PAYLOAD");
            try (Response response = http.newCall(signed).execute()) {
                if (!response.isSuccessful()) {
                    String text = response.body().string();
                    Matcher code = ERROR_CODE.matcher(text);
                    throw new StorageException("put " + key + " failed: HTTP " + response.code() + " "
                            + (code.find() ? code.group(1) : text), null);
                }
            }
        } catch (StorageException e) {
            throw e;
        } catch (Exception e) {
            throw new StorageException("put " + key + " failed: " + e.getMessage(), e);
        }
    }

    private static String hostHeader(HttpUrl url) {
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
    }
}
