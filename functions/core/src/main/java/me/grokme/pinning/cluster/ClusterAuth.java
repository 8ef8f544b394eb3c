package me.grokme.pinning.cluster;

import java.util.Objects;
import java.util.Optional;
import me.grokme.pinning.secrets.SecretRef;
import me.grokme.pinning.secrets.SecretResolver;

/** How the client authenticates to the REST API. {@code toString} never shows the secret. */
public sealed interface ClusterAuth {

    /**
     * Basic auth from a secret that resolves to {@code user:password}, or none when no secret is configured.
     * The secret is read per request (see {@link Secret}), so nothing is fetched here.
     */
    static ClusterAuth fromSecret(Optional<SecretRef> credentials, SecretResolver secrets) {
        return credentials.<ClusterAuth>map(ref -> new Secret(ref, secrets)).orElseGet(None::new);
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

    /**
     * HTTP Basic from a secret holding {@code user:password} ({@code CLUSTER_CREDENTIALS}), resolved for each
     * request through the resolver's cache, so a rotated secret reaches a running function without a
     * redeploy. With a map of users on the peers ({@code basic_auth_credentials}) the password rotates
     * without downtime: add the new user, switch the secret, remove the old user.
     */
    record Secret(SecretRef ref, SecretResolver secrets) implements ClusterAuth {
        public Secret {
            Objects.requireNonNull(ref, "ref");
            Objects.requireNonNull(secrets, "secrets");
        }

        /**
         * The current credentials. Throws {@link me.grokme.pinning.secrets.SecretUnavailableException} when
         * the store cannot be read, and {@link IllegalArgumentException} (never showing the value) when the
         * secret is not {@code user:password}.
         */
        public Basic resolve() {
            String userPassword = secrets.resolve(ref);
            int colon = userPassword.indexOf(':');
            if (colon <= 0 || colon == userPassword.length() - 1) {
                throw new IllegalArgumentException("CLUSTER_CREDENTIALS must resolve to user:password");
            }
            return new Basic(userPassword.substring(0, colon), userPassword.substring(colon + 1));
        }

        /** Forgets the cached value: the cluster refused it, so it may have been rotated. */
        public void refresh() {
            secrets.invalidate(ref);
        }

        @Override
        public String toString() {
            return "Secret[" + ref + "]";
        }
    }
}
