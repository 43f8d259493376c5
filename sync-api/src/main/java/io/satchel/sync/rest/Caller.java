package io.satchel.sync.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.satchel.common.rest.ApiException;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated caller: user id = the token's {@code sub}, roles from {@code groups}. */
@RequestScoped
public class Caller {
    public static final String LEARNER = "learner";
    public static final String ADMIN = "admin";

    @Inject
    JsonWebToken jwt;

    @Inject
    SecurityIdentity identity;

    public String userId() {
        String sub = jwt.getSubject();
        if (sub == null || sub.isBlank()) {
            throw new ApiException(401, "INVALID_TOKEN", "The bearer token has no subject (sub).");
        }
        return sub;
    }

    public boolean isAdmin() {
        return identity.hasRole(ADMIN);
    }

    /** A learner acts only on their own userId; an admin on anyone's. */
    public void requireSelfOrAdmin(String userId) {
        if (!userId().equals(userId) && !isAdmin()) {
            throw ApiException.forbidden("A learner may only read or write their own progress.");
        }
    }
}
