package me.grokme.pinning.config;

import java.util.List;

/** Configuration is missing or invalid; the message lists every problem by variable name, never a secret value. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("invalid configuration: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
