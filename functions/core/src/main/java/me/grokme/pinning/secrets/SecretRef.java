package me.grokme.pinning.secrets;

import java.util.Objects;
import java.util.Optional;

/**
 * Where a secret lives. Configuration names the place, never the value, except for local runs:
 * {@code secretsmanager:<arn-or-name>[#jsonKey]}, {@code ssm:<parameter-name>}, or {@code plain:<value>}.
 * {@code toString} never shows a plain value.
 */
public sealed interface SecretRef {

    record SecretsManager(String secretId, Optional<String> jsonKey) implements SecretRef {
        public SecretsManager {
            Objects.requireNonNull(secretId, "secretId");
            Objects.requireNonNull(jsonKey, "jsonKey");
        }
    }

    record SsmParameter(String name) implements SecretRef {
        public SsmParameter {
            Objects.requireNonNull(name, "name");
        }
    }

    /** A literal value, for local runs and tests only. */
    record Plain(String value) implements SecretRef {
        public Plain {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return "Plain[***]";
        }
    }

    static SecretRef parse(String text) {
        if (text.startsWith("secretsmanager:") && text.length() > 15) {
            String rest = text.substring(15);
            int hash = rest.lastIndexOf('#');
            return hash > 0 ? new SecretsManager(rest.substring(0, hash), Optional.of(rest.substring(hash + 1)))
                    : new SecretsManager(rest, Optional.empty());
        }
        if (text.startsWith("ssm:") && text.length() > 4) {
            return new SsmParameter(text.substring(4));
        }
        if (text.startsWith("plain:") && text.length() > 6) {
            return new Plain(text.substring(6));
        }
        throw new IllegalArgumentException("must be secretsmanager:<id>[#key], ssm:<name> or plain:<value>");
    }
}
