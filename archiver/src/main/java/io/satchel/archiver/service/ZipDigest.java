package io.satchel.archiver.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Size and hex sha256 of a built archive. */
public record ZipDigest(long size, String sha256) {

    public static ZipDigest of(Path file) throws IOException {
        MessageDigest md = newSha256();
        byte[] buffer = new byte[256 * 1024];
        long size = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                md.update(buffer, 0, n);
                size += n;
            }
        }
        return new ZipDigest(size, hex(md.digest()));
    }

    /** Of the first {@code length} bytes of {@code bytes}. */
    public static ZipDigest of(byte[] bytes, int length) {
        MessageDigest md = newSha256();
        md.update(bytes, 0, length);
        return new ZipDigest(length, hex(md.digest()));
    }

    public static String sha256(byte[] bytes) {
        return hex(newSha256().digest(bytes));
    }

    static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
