package dev.confidant.account;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.Map;

import static dev.confidant.account.AccountApi.freshClientAddress;
import static dev.confidant.account.AccountApi.freshEmail;
import static dev.confidant.account.AccountApi.from;
import static dev.confidant.account.AccountApi.registration;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A taken address must not answer faster than a new one, or the registration form tells anyone who has an account.
 * Timed at the production bcrypt cost, where the hash is most of a registration's time.
 */
@QuarkusTest
@SuiteInfrastructure
@TestProfile(RegistrationTimingTest.ProductionCost.class)
class RegistrationTimingTest {

    public static class ProductionCost implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("confidant.account.bcrypt-cost", "12");
        }
    }

    @Test
    void aTakenAddressTakesAsLongAsANewOne() {
        String taken = freshEmail();
        AccountApi.register(taken).then().statusCode(202);
        int tries = 15;
        long[] newOnes = new long[tries];
        long[] takenOnes = new long[tries];
        for (int i = -2; i < tries; i++) { // two rounds to warm up
            long fresh = timedRegistration(freshEmail());
            long again = timedRegistration(taken);
            if (i >= 0) {
                newOnes[i] = fresh;
                takenOnes[i] = again;
            }
        }
        double ratio = (double) median(takenOnes) / median(newOnes);
        System.out.printf("registration at bcrypt cost 12: new %d ms, taken %d ms, ratio %.3f%n",
                median(newOnes) / 1_000_000, median(takenOnes) / 1_000_000, ratio);
        assertTrue(ratio > 0.9 && ratio < 1.1, "taken/new median time ratio " + ratio + " (new "
                + median(newOnes) / 1_000_000 + " ms, taken " + median(takenOnes) / 1_000_000 + " ms)");
    }

    private static long timedRegistration(String email) {
        var request = from(freshClientAddress()).body(registration(email, LocalDate.now().minusYears(30)));
        long start = System.nanoTime();
        request.post("/api/accounts").then().statusCode(202);
        return System.nanoTime() - start;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
