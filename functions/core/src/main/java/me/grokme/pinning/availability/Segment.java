package me.grokme.pinning.availability;

/** A stretch of observed time, epoch seconds {@code [from, to]}, during which a component was up or down. */
public record Segment(long from, long to, boolean up) {

    public Segment {
        if (to < from) {
            throw new IllegalArgumentException("segment ends before it starts: " + from + ".." + to);
        }
    }

    public long seconds() {
        return to - from;
    }
}
