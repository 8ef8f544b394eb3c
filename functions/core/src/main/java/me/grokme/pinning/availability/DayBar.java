package me.grokme.pinning.availability;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/** One UTC day of a component: how much of it was observed and how much of that was down. */
public record DayBar(LocalDate date, long observedSeconds, long downSeconds) {

    /** Share of the observed part of the day that was up; empty when nothing of the day was observed ("no data"). */
    public OptionalDouble upFraction() {
        return observedSeconds == 0 ? OptionalDouble.empty() : OptionalDouble.of((observedSeconds - downSeconds) / (double) observedSeconds);
    }

    /** The {@code days} UTC days ending with {@code lastDay}, oldest first. */
    public static List<DayBar> of(List<Segment> segments, LocalDate lastDay, int days) {
        List<DayBar> out = new ArrayList<>(days);
        for (int i = days - 1; i >= 0; i--) {
            LocalDate d = lastDay.minusDays(i);
            long start = d.atStartOfDay().toEpochSecond(ZoneOffset.UTC);
            List<Segment> in = Timelines.clip(segments, start, start + 86_400);
            out.add(new DayBar(d, Timelines.observedSeconds(in), Timelines.downSeconds(in)));
        }
        return out;
    }
}
