package me.grokme.pinning.cluster;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Parses the RFC 3339 times Go writes ({@code 2026-11-24T10:15:02.123456789Z}, 0–9 fractional digits,
 * {@code Z} or {@code ±hh:mm}). A hand-written fast path because a cluster-wide status stream carries
 * four timestamps per CID and {@code DateTimeFormatter} would dominate the parse time; anything unusual
 * falls back to {@link OffsetDateTime#parse}.
 */
final class Rfc3339 {

    /** Go's zero time, which the cluster writes for "unset". */
    static final Instant GO_ZERO = Instant.parse("0001-01-01T00:00:00Z");

    private Rfc3339() {
    }

    static Instant parse(String s) {
        int n = s.length();
        if (n >= 20 && s.charAt(4) == '-' && s.charAt(7) == '-' && (s.charAt(10) == 'T' || s.charAt(10) == 't')
                && s.charAt(13) == ':' && s.charAt(16) == ':') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 2);
            int day = digits(s, 8, 2);
            int hour = digits(s, 11, 2);
            int minute = digits(s, 14, 2);
            int second = digits(s, 17, 2);
            int i = 19;
            int nanos = 0;
            if (i < n && s.charAt(i) == '.') {
                i++;
                int start = i;
                while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 9) {
                    nanos = nanos * 10 + (s.charAt(i) - '0');
                    i++;
                }
                if (i == start) {
                    return slow(s);
                }
                for (int k = i - start; k < 9; k++) {
                    nanos *= 10;
                }
            }
            int offsetSeconds;
            if (i == n - 1 && (s.charAt(i) == 'Z' || s.charAt(i) == 'z')) {
                offsetSeconds = 0;
            } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
                int oh = digits(s, i + 1, 2);
                int om = digits(s, i + 4, 2);
                if (oh < 0 || om < 0) {
                    return slow(s);
                }
                offsetSeconds = (oh * 3600 + om * 60) * (s.charAt(i) == '-' ? -1 : 1);
            } else {
                return slow(s);
            }
            if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23
                    || minute < 0 || minute > 59 || second < 0 || second > 59) {
                return slow(s);
            }
            long epochDay = epochDay(year, month, day);
            long epochSecond = epochDay * 86400 + hour * 3600L + minute * 60L + second - offsetSeconds;
            return Instant.ofEpochSecond(epochSecond, nanos);
        }
        return slow(s);
    }

    private static Instant slow(String s) {
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an RFC 3339 time: " + (s.length() > 40 ? s.substring(0, 40) + "…" : s));
        }
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 (proleptic Gregorian), as java.time computes them. */
    private static long epochDay(int year, int month, int day) {
        long y = year;
        long total = 365 * y;
        if (y >= 0) {
            total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        } else {
            total -= y / -4 - y / -100 + y / -400;
        }
        total += (367 * month - 362) / 12;
        total += day - 1;
        if (month > 2) {
            total--;
            boolean leap = (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
            if (!leap) {
                total--;
            }
        }
        return total - 719528;
    }
}
