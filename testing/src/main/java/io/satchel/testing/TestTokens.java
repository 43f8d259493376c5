package io.satchel.testing;

import io.satchel.common.security.DevTokens;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/** JWTs for tests, signed by a key pair made for this JVM; services trust it through {@link #quarkusConfig()}. */
public final class TestTokens {
    private static final KeyPair KEYS = DevTokens.generateKeyPair();

    public static String token(String userId, String... roles) {
        return DevTokens.sign(KEYS.getPrivate(), userId, List.of(roles), 3600);
    }

    public static String bearer(String userId, String... roles) {
        return "Bearer " + token(userId, roles);
    }

    /** A well-formed token signed by another key: must be refused. */
    public static String foreignToken(String userId, String... roles) {
        return DevTokens.sign(DevTokens.generateKeyPair().getPrivate(), userId, List.of(roles), 3600);
    }

    public static String expiredToken(String userId, String... roles) {
        return DevTokens.sign(KEYS.getPrivate(), userId, List.of(roles), -3600);
    }

    static Map<String, String> quarkusConfig() {
        return Map.of("mp.jwt.verify.publickey", DevTokens.publicKeyPem(KEYS.getPublic()),
                "mp.jwt.verify.issuer", DevTokens.ISSUER);
    }

    private TestTokens() {
    }
}
