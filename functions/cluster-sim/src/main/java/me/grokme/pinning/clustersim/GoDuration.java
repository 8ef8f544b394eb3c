package me.grokme.pinning.clustersim;

import java.time.Duration;
import java.util.Optional;

/** Go's time.ParseDuration for the units a pin's {@code expire-in} uses: h, m, s, ms, us/µs, ns; decimals allowed. */
final class GoDuration {

    private GoDuration() {
    }

    static Optional<Duration> parse(String s) {
        if (s == null || s.isEmpty()) {
            return Optional.empty();
        }
        int i = 0;
        boolean negative = false;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i++;
        }
        if (s.substring(i).equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        double nanos = 0;
        boolean any = false;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                return Optional.empty();
            }
            double value;
            try {
                value = Double.parseDouble(s.substring(start, i));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "h" -> 3_600_000_000_000L;
                case "m" -> 60_000_000_000L;
                case "s" -> 1_000_000_000L;
                case "ms" -> 1_000_000L;
                case "us", "µs" -> 1_000L;
                case "ns" -> 1L;
                default -> -1;
            };
            if (unit < 0) {
                return Optional.empty();
            }
            nanos += value * unit;
            any = true;
        }
        if (!any) {
            return Optional.empty();
        }
        long n = (long) nanos;
        return Optional.of(Duration.ofNanos(negative ? -n : n));
    }
}
