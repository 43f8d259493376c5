package io.satchel.sync.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.satchel.common.security.DevTokens;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    static final KeyPair KEYS = DevTokens.generateKeyPair();
    final VerifiedTokenCache parser =
            new VerifiedTokenCache(new JWTAuthContextInfo((RSAPublicKey) KEYS.getPublic(), DevTokens.ISSUER));

    @Test
    void aVerifiedTokenIsReusedAsTheSameString() throws Exception {
        String token = DevTokens.sign(KEYS.getPrivate(), "u1", List.of("learner"), 3600);
        JsonWebToken first = parser.parse(token);
        assertEquals("u1", first.getSubject());
        assertSame(first, parser.parse(token));
        JsonWebToken other = parser.parse(DevTokens.sign(KEYS.getPrivate(), "u2", List.of("admin"), 3600));
        assertEquals("u2", other.getSubject());
    }

    @Test
    void invalidTokensAreRefusedEveryTime() {
        String expired = DevTokens.sign(KEYS.getPrivate(), "u", List.of("learner"), -60);
        String foreign = DevTokens.sign(DevTokens.generateKeyPair().getPrivate(), "u", List.of("learner"), 3600);
        for (int i = 0; i < 2; i++) {
            assertThrows(ParseException.class, () -> parser.parse(expired));
            assertThrows(ParseException.class, () -> parser.parse(foreign));
            assertThrows(ParseException.class, () -> parser.parse("not.a.token"));
        }
    }
}
