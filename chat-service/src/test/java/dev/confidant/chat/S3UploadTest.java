package dev.confidant.chat;

import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every upload test again, with chat-service keeping files in S3 object storage: a real S3-compatible server
 * (S3Proxy) started for it, looked into with a client of the test's own. Files are stored encrypted, downloaded
 * whole, and go with their conversation, with erasure, with expiry and with a visitor who registers.
 */
@QuarkusTest
@SuiteInfrastructure
@TestProfile(S3UploadTest.ObjectStorage.class)
class S3UploadTest extends UploadTest {

    /** chat-service with {@code confidant.chat.blob-store=s3}, pointed at the test's S3 server. */
    public static class ObjectStorage implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3Server.class));
        }
    }

    @Override
    byte[] stored(UUID subject, String id) {
        try (S3Client s3 = S3Server.client()) {
            return s3.getObjectAsBytes(get -> get.bucket(S3Server.BUCKET).key(subject + "/" + id)).asByteArray();
        }
    }

    @Override
    long filesOf(UUID subject) {
        try (S3Client s3 = S3Server.client()) {
            return s3.listObjectsV2Paginator(list -> list.bucket(S3Server.BUCKET).prefix(subject + "/")).contents()
                    .stream().count();
        }
    }

    @Override
    void assertNothingLeftOf(UUID subject) {
        assertEquals(0, filesOf(subject), "no object under the subject's prefix");
    }
}
