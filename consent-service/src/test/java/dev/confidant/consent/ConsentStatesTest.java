package dev.confidant.consent;

import dev.confidant.consent.service.ConsentStates;
import dev.confidant.platform.events.Purposes;
import dev.confidant.platform.runtime.cluster.ClusterSignals;
import dev.confidant.platform.testing.ServiceDatabase;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.confidant.consent.ConsentApi.user;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decisions read remembered consent states, and never one older than the database: a change through the API shows in
 * the next decision, and a change made by any other code or replica within moments.
 */
@QuarkusTest
@SuiteInfrastructure
class ConsentStatesTest {

    @Inject
    ConsentStates states;

    @Inject
    ClusterSignals signals;

    @BeforeEach
    void listening() {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(signals::listening);
    }

    @Test
    void aChoiceShowsInTheVeryNextDecision() {
        ConsentApi.Subject subject = user();
        subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("allowed", equalTo(false));
        int remembered = states.remembered();
        subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("allowed", equalTo(false));
        assertEquals(remembered, states.remembered(), "the second decision read what the first remembered");
        assertTrue(remembered >= 1);

        for (int i = 0; i < 5; i++) { // grant, withdraw, …: each decision right after follows
            boolean granted = i % 2 == 0;
            subject.choose(Map.of("choices", Map.of(Purposes.USAGE_ANALYTICS, granted), "method", "settings"))
                    .then().statusCode(200);
            subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("allowed", equalTo(granted));
        }
    }

    @Test
    void aChangeMadeElsewhereIsSeenWithinMoments() throws Exception {
        ConsentApi.Subject subject = user();
        subject.grant(Purposes.USAGE_ANALYTICS).then().statusCode(200);
        subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).body("allowed", equalTo(true));
        // as another replica, or code that does not go through this service's choices, would change it
        assertEquals(1, ServiceDatabase.execute("UPDATE consent_state SET granted = false WHERE subject_id = ? "
                + "AND purpose = ?", subject.id(), Purposes.USAGE_ANALYTICS));
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                !subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200).extract().<Boolean>path("allowed"));
        assertEquals(1, ServiceDatabase.execute("DELETE FROM consent_state WHERE subject_id = ?", subject.id()));
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() ->
                "no consent recorded".equals(subject.decision(Purposes.USAGE_ANALYTICS).then().statusCode(200)
                        .extract().path("reason")));
    }
}
