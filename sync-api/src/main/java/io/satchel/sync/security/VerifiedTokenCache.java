package io.satchel.sync.security;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The JWT parser of the service, remembering tokens it has verified. Offline clients poll with the same bearer token
 * over and over (manifest 304s, progress pulls); parsing and RS256-verifying it each time is most of a 304's cost.
 * A token is reused only as the exact same string, at most {@link #MAX_REUSE_MILLIS} and never past its {@code exp};
 * invalid tokens are never cached, so every refusal is decided by the real parser.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class VerifiedTokenCache implements JWTParser {
    static final long MAX_REUSE_MILLIS = 60_000;
    private static final int MAX_ENTRIES = 50_000;

    private record Verified(JsonWebToken token, long reuseUntilMillis) {
    }

    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final DefaultJWTParser delegate;

    @Inject
    public VerifiedTokenCache(JWTAuthContextInfo authContextInfo) {
        this.delegate = new DefaultJWTParser(authContextInfo);
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        long now = System.currentTimeMillis();
        Verified v = verified.get(token);
        if (v != null && now < v.reuseUntilMillis()) {
            return v.token();
        }
        JsonWebToken jwt = delegate.parse(token);
        long exp = jwt.getExpirationTime() * 1000;
        if (exp > now) {
            if (verified.size() >= MAX_ENTRIES) {
                verified.clear();
            }
            verified.put(token, new Verified(jwt, Math.min(exp, now + MAX_REUSE_MILLIS)));
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
