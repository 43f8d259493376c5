package io.satchel.sync.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** What {@code /app/config.json} tells the learner web app ({@code satchel.web.*}). */
@ConfigMapping(prefix = "satchel.web")
public interface WebAppConfig {

    /** Base URL of the sync API as the browser reaches it; empty: the origin that served the app. */
    Optional<String> apiBase();

    Oidc oidc();

    interface Oidc {
        /** The OIDC provider (defaults to SATCHEL_JWT_ISSUER, the issuer whose tokens sync-api accepts). */
        String issuer();

        /** The public client registered for the app (authorization code + PKCE); absent: only pasted tokens. */
        Optional<String> clientId();

        @WithDefault("openid")
        String scope();
    }
}
