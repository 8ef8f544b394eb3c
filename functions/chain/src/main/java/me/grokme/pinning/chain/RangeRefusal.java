package me.grokme.pinning.chain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Recognises the messages providers use to refuse a too-large eth_getLogs range (Alchemy, Infura, QuickNode,
 * geth, Erigon, Ankr…) and the block range some of them suggest instead. The message is the node's text, of
 * any length, so this is a fixed-phrase scan in time linear in its length: no regular expression (the former
 * {@code limited to .*range} alternative rescanned the rest of the message at every "limited to", quadratic).
 */
final class RangeRefusal {

    /** Phrases that mark a refusal wherever they appear (compared lower-cased). */
    private static final List<String> PHRASES = phrases();

    private RangeRefusal() {
    }

    private static List<String> phrases() {
        List<String> p = new ArrayList<>(List.of("block range", "response size exceeded", "response size is larger",
                "too many results", "too many logs", "too many blocks", "query timeout", "range limit", "max range", "maximum range"));
        for (String is : List.of("", "is ")) {
            for (String size : List.of("large", "wide", "big")) {
                p.add("range " + is + "too " + size);
            }
        }
        // "exceed(s|ed)?( the)? (max(imum)? )?(block )?range"
        for (String verb : List.of("exceed", "exceeds", "exceeded")) {
            for (String the : List.of("", " the")) {
                for (String max : List.of("", "max ", "maximum ")) {
                    for (String block : List.of("", "block ")) {
                        p.add(verb + the + " " + max + block + "range");
                    }
                }
            }
        }
        return List.copyOf(p);
    }

    /** Whether the node's message refuses the range (JSON-RPC code -32005 is checked by the caller). */
    static boolean refuses(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        for (String phrase : PHRASES) {
            if (m.contains(phrase)) {
                return true;
            }
        }
        return limitedToRange(m) || moreThanNumberOf(m);
    }

    /**
     * "limited to … range" on one line. Per line, a "range" after the first "limited to" is a "range" after
     * some "limited to"; each line is searched once.
     */
    private static boolean limitedToRange(String m) {
        int lineStart = 0;
        while (lineStart <= m.length()) {
            int lineEnd = lineStart;
            while (lineEnd < m.length() && !isLineTerminator(m.charAt(lineEnd))) {
                lineEnd++;
            }
            String line = m.substring(lineStart, lineEnd);
            int limited = line.indexOf("limited to ");
            if (limited >= 0 && line.indexOf("range", limited + 11) >= 0) {
                return true;
            }
            lineStart = lineEnd + 1;
        }
        return false;
    }

    /** What a regular expression's '.' does not match. */
    private static boolean isLineTerminator(char c) {
        return c == '\n' || c == '\r' || c == '\u0085' || c == '\u2028' || c == '\u2029';
    }

    /** "more than <digits> results|logs". Each digit run is read once: the runs after two occurrences do not overlap. */
    private static boolean moreThanNumberOf(String m) {
        for (int at = m.indexOf("more than "); at >= 0; at = m.indexOf("more than ", at + 1)) {
            int i = at + 10;
            int digits = i;
            while (i < m.length() && Character.isDigit(m.charAt(i)) && m.charAt(i) < 128) {
                i++;
            }
            if (i > digits && (m.startsWith(" results", i) || m.startsWith(" logs", i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The end of the range the node suggests ({@code [0x10, 0x2f]} in Alchemy's and Infura's refusals) when it
     * lies inside the asked one. Each candidate is read from a '[' and stops at the next '[' at the latest (no
     * character it accepts is a '['), so the scan is linear too.
     */
    static OptionalLong suggestedEnd(String message, long from, long to) {
        for (int open = message.indexOf('['); open >= 0; open = message.indexOf('[', open + 1)) {
            long[] range = bracketedPair(message, open + 1);
            if (range != null) {
                long end = range[1];
                return end >= from && end < to ? OptionalLong.of(end) : OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** {@code \s*0x<hex>\s*,\s*0x<hex>\s*]} from {@code i}, or null; a value beyond a long is no usable hint (-1). */
    private static long[] bracketedPair(String s, int i) {
        long[] out = new long[2];
        for (int k = 0; k < 2; k++) {
            i = spaces(s, i);
            if (!s.startsWith("0x", i)) {
                return null;
            }
            int start = i + 2;
            i = start;
            while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128) {
                i++;
            }
            if (i == start) {
                return null;
            }
            int significant = start;
            while (significant < i - 1 && s.charAt(significant) == '0') {
                significant++;
            }
            out[k] = i - significant > 15 ? -1 : Long.parseLong(s, significant, i, 16); // past 2^60: no block number
            i = spaces(s, i);
            char expected = k == 0 ? ',' : ']';
            if (i >= s.length() || s.charAt(i) != expected) {
                return null;
            }
            i++;
        }
        return out;
    }

    /** A regular expression's {@code \\s}: space, tab, line feed, vertical tab, form feed, carriage return. */
    private static int spaces(String s, int i) {
        while (i < s.length() && " \t\n\u000B\f\r".indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i;
    }
}
