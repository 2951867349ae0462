package dev.confidant.consent.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyTimelineTest {

    private static final Instant JAN = Instant.parse("2026-01-01T00:00:00Z");
    private static final Instant MAR = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant JUN = Instant.parse("2026-06-01T00:00:00Z");

    // given out of order on purpose: the timeline sorts by effective time
    private final PolicyTimeline timeline = new PolicyTimeline(List.of(
            new PolicyTimeline.Entry("v3", JUN, true),
            new PolicyTimeline.Entry("v1", JAN, true),
            new PolicyTimeline.Entry("v2", MAR, false)));

    @Test
    void theVersionInForceIsTheLastThatTookEffect() {
        assertTrue(timeline.current(JAN.minusSeconds(1)).isEmpty());
        assertEquals("v1", timeline.current(JAN).orElseThrow().version());
        assertEquals("v2", timeline.current(MAR.plusSeconds(1)).orElseThrow().version());
        assertEquals("v3", timeline.current(JUN).orElseThrow().version());
        assertEquals("v3", timeline.latest().orElseThrow().version());
    }

    @Test
    void onlyAMaterialChangeInForceMovesTheConsentBaseline() {
        assertEquals(Instant.MIN, timeline.consentBaseline(JAN.minusSeconds(1)));
        assertEquals(JAN, timeline.consentBaseline(MAR), "v2 is not material: consent under v1 still counts");
        assertEquals(JAN, timeline.consentBaseline(JUN.minusSeconds(1)), "v3 announced but not in force yet");
        assertEquals(JUN, timeline.consentBaseline(JUN));
    }

    @Test
    void choicesAreAcceptedUnderTheCurrentOrAnAnnouncedVersionOnly() {
        assertTrue(timeline.acceptsChoicesUnder("v2", MAR));
        assertTrue(timeline.acceptsChoicesUnder("v3", MAR), "an announced version may be accepted early");
        assertFalse(timeline.acceptsChoicesUnder("v1", MAR), "superseded");
        assertFalse(timeline.acceptsChoicesUnder("v9", MAR), "unknown");
        assertTrue(new PolicyTimeline(List.of(new PolicyTimeline.Entry("v1", JUN, true)))
                .acceptsChoicesUnder("v1", JAN), "before any version is in force, an announced one is accepted");
    }

    @Test
    void whatASubjectHasNotSeenIsEveryVersionAfterTheirs() {
        assertEquals(List.of("v2", "v3"), timeline.after(JAN).stream().map(PolicyTimeline.Entry::version).toList());
        assertTrue(timeline.after(JUN).isEmpty());
    }
}
