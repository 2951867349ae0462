package dev.confidant.chat.domain;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * When people can reach a human: ranges such as {@code MON-FRI 09:00-17:00; SAT 10:00-14:00}, in local time. A range
 * that ends before it starts runs past midnight ({@code FRI 22:00-02:00}).
 */
public final class SupportHours {

    private record Range(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
        boolean contains(ZonedDateTime at) {
            LocalTime time = at.toLocalTime();
            if (!from.isAfter(to)) {
                return days.contains(at.getDayOfWeek()) && !time.isBefore(from) && time.isBefore(to);
            }
            return days.contains(at.getDayOfWeek()) && !time.isBefore(from)
                    || days.contains(at.getDayOfWeek().minus(1)) && time.isBefore(to);
        }
    }

    private final List<Range> ranges;

    private SupportHours(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** Reads the ranges; a malformed one is refused with a message naming it. */
    public static SupportHours parse(String spec) {
        List<Range> ranges = new ArrayList<>();
        for (String part : spec.split(";")) {
            String range = part.trim();
            if (range.isEmpty()) {
                continue;
            }
            String[] dayAndTime = range.split("\\s+");
            String[] times = dayAndTime.length == 2 ? dayAndTime[1].split("-") : new String[0];
            if (times.length != 2) {
                throw new IllegalArgumentException("support hours must read like 'MON-FRI 09:00-17:00', not '"
                        + range + "'");
            }
            try {
                ranges.add(new Range(days(dayAndTime[0]), LocalTime.parse(times[0]), LocalTime.parse(times[1])));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("support hours must read like 'MON-FRI 09:00-17:00', not '"
                        + range + "'");
            }
        }
        if (ranges.isEmpty()) {
            throw new IllegalArgumentException("support hours name no range");
        }
        return new SupportHours(List.copyOf(ranges));
    }

    /** Whether {@code at} (in the support team's time zone) is within the hours. */
    public boolean isOpen(ZonedDateTime at) {
        return ranges.stream().anyMatch(range -> range.contains(at));
    }

    private static Set<DayOfWeek> days(String spec) {
        String[] ends = spec.toUpperCase(Locale.ROOT).split("-");
        if (ends.length > 2) {
            throw new IllegalArgumentException("days must read like MON-FRI or SAT, not '" + spec + "'");
        }
        DayOfWeek first = day(ends[0]);
        DayOfWeek last = day(ends[ends.length - 1]);
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        for (DayOfWeek day = first; ; day = day.plus(1)) {
            days.add(day);
            if (day == last) {
                return days;
            }
        }
    }

    private static DayOfWeek day(String abbreviation) {
        for (DayOfWeek day : DayOfWeek.values()) {
            if (day.name().startsWith(abbreviation) && abbreviation.length() == 3) {
                return day;
            }
        }
        throw new IllegalArgumentException("not a day: '" + abbreviation + "' (MON, TUE, … SUN)");
    }
}
