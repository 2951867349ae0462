package dev.confidant.retention.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** GDPR Art. 12(3): one calendar month, extendable once by two more; month ends and leap years included. */
class RequestDeadlinesTest {

    @ParameterizedTest
    @CsvSource({
            "2026-03-15T09:30:00Z, 2026-04-15T09:30:00Z, 2026-06-15T09:30:00Z",
            "2026-01-31T23:59:59Z, 2026-02-28T23:59:59Z, 2026-04-30T23:59:59Z",
            "2028-01-31T12:00:00Z, 2028-02-29T12:00:00Z, 2028-04-30T12:00:00Z",
            "2026-12-31T00:00:00Z, 2027-01-31T00:00:00Z, 2027-03-31T00:00:00Z",
            "2026-11-30T08:00:00Z, 2026-12-30T08:00:00Z, 2027-02-28T08:00:00Z"
    })
    void deadlinesAreCalendarMonthsInUtc(Instant received, Instant due, Instant extended) {
        assertEquals(due, RequestDeadlines.due(received));
        assertEquals(extended, RequestDeadlines.extended(received));
    }
}
