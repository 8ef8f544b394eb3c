package me.grokme.pinning.config;

import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import me.grokme.pinning.secrets.SecretRef;

/**
 * Reads configuration once, at start-up, from a map of environment variables (the composition root passes
 * {@code System.getenv()}; tests pass maps). Every getter records problems instead of failing at once, so
 * {@link #validate()} reports all of them together, each naming its variable. Values of secret variables
 * are never echoed.
 */
public final class Env {

    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    private final Map<String, String> vars;
    private final List<String> problems = new ArrayList<>();

    public Env(Map<String, String> vars) {
        this.vars = Map.copyOf(vars);
    }

    private Optional<String> raw(String name) {
        String v = vars.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** The raw value; when {@code required} and unset, also a problem. */
    private Optional<String> present(String name, boolean required) {
        Optional<String> v = raw(name);
        if (v.isEmpty() && required) {
            problems.add(name + " is required");
        }
        return v;
    }

    public String required(String name) {
        return raw(name).orElseGet(() -> {
            problems.add(name + " is required");
            return "";
        });
    }

    public String optional(String name, String fallback) {
        return raw(name).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.get());
            if (i < min || i > max) {
                problems.add(name + " must be between " + min + " and " + max + ", got " + i);
                return fallback;
            }
            return i;
        } catch (NumberFormatException e) {
            problems.add(name + " is not an integer: " + v.get());
            return fallback;
        }
    }

    public boolean bool(String name, boolean fallback) {
        Optional<String> v = raw(name).map(s -> s.toLowerCase(Locale.ROOT));
        if (v.isEmpty()) {
            return fallback;
        }
        return switch (v.get()) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> {
                problems.add(name + " is not a boolean (true/false): " + v.get());
                yield fallback;
            }
        };
    }

    /**
     * ISO-8601 ({@code PT30S}) or a short form: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 30d}.
     * Never negative (a negative wait or budget is always a typo).
     */
    public Duration duration(String name, Duration fallback) {
        return duration(name, fallback, Duration.ZERO);
    }

    /**
     * A time limit on one call: longer than zero (OkHttp reads zero as "no limit") and at most 15 minutes
     * (the longest a Lambda invocation runs).
     */
    public Duration timeout(String name, Duration fallback) {
        Duration d = duration(name, fallback, Duration.ofMillis(1));
        if (d.compareTo(MAX_TIMEOUT) > 0) {
            problems.add(name + " must be at most 15m, got " + raw(name).orElse(""));
            return fallback;
        }
        return d;
    }

    private Duration duration(String name, Duration fallback, Duration min) {
        Optional<String> v = raw(name);
        if (v.isEmpty()) {
            return fallback;
        }
        Duration parsed = parseDuration(v.get().toLowerCase(Locale.ROOT));
        if (parsed == null) {
            problems.add(name + " is not a duration (e.g. 30s, 5m, PT1H): " + v.get());
            return fallback;
        }
        if (parsed.compareTo(min) < 0) {
            problems.add(name + (min.isZero() ? " must not be negative" : " must be longer than zero") + ", got " + v.get());
            return fallback;
        }
        return parsed;
    }

    /** The parsed duration, or null when {@code s} is not one. */
    private static Duration parseDuration(String s) {
        try {
            if (s.startsWith("p") || s.startsWith("-p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            long n = Long.parseLong(s.substring(0, s.length() - 1));
            return switch (s.charAt(s.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> null;
            };
        } catch (NumberFormatException | DateTimeParseException | StringIndexOutOfBoundsException | ArithmeticException e) {
            return null;
        }
    }

    /** An http(s) URL without credentials; when {@code required} and unset, a problem. */
    public Optional<URI> url(String name, boolean required) {
        Optional<String> v = present(name, required);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI u = URI.create(v.get());
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                problems.add(name + " is not an http(s) URL: " + v.get());
                return Optional.empty();
            }
            if (u.getRawUserInfo() != null) {
                problems.add(name + " must not carry credentials in the URL (use the credentials variable)");
                return Optional.empty();
            }
            return Optional.of(u);
        } catch (IllegalArgumentException e) {
            problems.add(name + " is not an http(s) URL: " + v.get());
            return Optional.empty();
        }
    }

    /**
     * An https URL without credentials (as {@link #url}), or plain http to a {@link #localHost local host} only: the
     * value carries credentials or controls what is pinned, so it never travels in clear across a network.
     */
    public Optional<URI> tlsUrl(String name, boolean required) {
        return url(name, required).filter(u -> {
            if ("https".equals(u.getScheme()) || localHost(u)) {
                return true;
            }
            problems.add(name + " must be an https:// URL (plain http only to localhost/127.0.0.1), got http://" + u.getHost());
            return false;
        });
    }

    /**
     * One or more comma-separated {@link #tlsUrl TLS URLs} (several peers of one service, tried in order); a
     * repeated URL counts once. When {@code required} and unset, a problem.
     */
    public List<URI> tlsUrls(String name, boolean required) {
        Optional<String> v = present(name, required);
        if (v.isEmpty()) {
            return List.of();
        }
        Set<URI> out = new LinkedHashSet<>();
        for (String part : v.get().split(",")) {
            if (part.isBlank()) {
                problems.add(name + " has an empty entry in its comma-separated list");
                continue;
            }
            new Env(Map.of(name, part)).collect(e -> e.tlsUrl(name, true), problems).ifPresent(out::add);
        }
        return List.copyOf(out);
    }

    /** Runs {@code read} on this Env and moves its problems to {@code into}. */
    private <T> T collect(java.util.function.Function<Env, T> read, List<String> into) {
        T value = read.apply(this);
        into.addAll(problems);
        return value;
    }

    /**
     * Whether a URL's host is this machine (or, under {@code sam local}, the Docker host): only there may a
     * credential or a fetched document travel in plain http, since nothing crosses a network.
     */
    public static boolean localHost(URI url) {
        String host = url.getHost();
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.equals("host.docker.internal")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    public Set<String> csv(String name, String fallback) {
        Set<String> out = new LinkedHashSet<>();
        Arrays.stream(optional(name, fallback).split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** A secret reference (see {@link SecretRef#parse}); the value itself is never echoed in problems. */
    public Optional<SecretRef> secret(String name, boolean required) {
        Optional<String> v = present(name, required);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(SecretRef.parse(v.get()));
        } catch (IllegalArgumentException e) {
            problems.add(name + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Adds a problem found by cross-field validation. */
    public void problem(String text) {
        problems.add(text);
    }

    /** Throws {@link ConfigException} listing every problem seen so far. */
    public void validate() {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }
}
