package me.grokme.pinning.cluster;

import java.util.Objects;

/** How the client authenticates to the REST API. {@code toString} never shows the secret. */
public sealed interface ClusterAuth {

    /**
     * Basic auth from a secret that resolves to {@code user:password}, or none when no secret is configured.
     * The message on a malformed secret never shows it.
     */
    static ClusterAuth fromSecret(java.util.Optional<me.grokme.pinning.secrets.SecretRef> credentials,
            me.grokme.pinning.secrets.SecretResolver secrets) {
        if (credentials.isEmpty()) {
            return new None();
        }
        String userPassword = secrets.resolve(credentials.get());
        int colon = userPassword.indexOf(':');
        if (colon <= 0 || colon == userPassword.length() - 1) {
            throw new IllegalArgumentException("CLUSTER_CREDENTIALS must resolve to user:password");
        }
        return new Basic(userPassword.substring(0, colon), userPassword.substring(colon + 1));
    }

    record None() implements ClusterAuth {
    }

    /** HTTP Basic ({@code api.restapi.basic_auth_credentials}). */
    record Basic(String user, String password) implements ClusterAuth {
        public Basic {
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(password, "password");
            if (user.isEmpty() || password.isEmpty()) {
                throw new IllegalArgumentException("basic auth needs a non-empty user and password");
            }
        }

        @Override
        public String toString() {
            return "Basic[user=" + user + ", password=***]";
        }
    }

    /** A JWT from {@code POST /token}, sent as {@code Authorization: Bearer}. */
    record Bearer(String token) implements ClusterAuth {
        public Bearer {
            Objects.requireNonNull(token, "token");
            if (token.isBlank()) {
                throw new IllegalArgumentException("bearer token is empty");
            }
        }

        @Override
        public String toString() {
            return "Bearer[***]";
        }
    }
}
