package dev.confidant.chat.domain;

import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Support hours: weekday ranges, several ranges, a range past midnight, and what is refused. */
class SupportHoursTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static ZonedDateTime at(int day, int hour, int minute) {
        return ZonedDateTime.of(2026, 11, day, hour, minute, 0, 0, BERLIN); // 2026-11-30 is a Monday
    }

    @Test
    void weekdaysFromNineToFive() {
        SupportHours hours = SupportHours.parse("MON-FRI 09:00-17:00");
        assertTrue(hours.isOpen(at(30, 9, 0)), "Monday 09:00");
        assertTrue(hours.isOpen(at(27, 16, 59)), "Friday 16:59");
        assertFalse(hours.isOpen(at(27, 17, 0)), "Friday 17:00 is closed");
        assertFalse(hours.isOpen(at(30, 8, 59)), "Monday 08:59");
        assertFalse(hours.isOpen(at(28, 12, 0)), "Saturday");
    }

    @Test
    void severalRangesAndOnePastMidnight() {
        SupportHours hours = SupportHours.parse("MON-FRI 09:00-17:00; SAT 10:00-14:00; FRI 22:00-02:00");
        assertTrue(hours.isOpen(at(28, 11, 0)), "Saturday 11:00");
        assertFalse(hours.isOpen(at(29, 11, 0)), "Sunday");
        assertTrue(hours.isOpen(at(27, 23, 30)), "Friday night");
        assertTrue(hours.isOpen(at(28, 1, 30)), "past midnight into Saturday");
        assertFalse(hours.isOpen(at(28, 2, 0)), "Saturday 02:00 is closed");
    }

    @Test
    void malformedHoursAreRefusedWithAClearMessage() {
        for (String bad : new String[]{"weekdays", "MON-FRI 9-17", "MONDAY 09:00-17:00", "MON-TUE-WED 09:00-10:00", ""}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> SupportHours.parse(bad));
            assertTrue(refused.getMessage().contains("support hours") || refused.getMessage().contains("day"),
                    refused.getMessage());
        }
    }
}
