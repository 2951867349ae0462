package dev.confidant.chat;

import dev.confidant.platform.testing.EmbeddedSmtpResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

/** The shared contract; the SMTP server (replies by email) serves every chat-service test. */
@QuarkusTest
@SuiteInfrastructure
@WithTestResource(value = EmbeddedSmtpResource.class, scope = TestResourceScope.GLOBAL)
class ChatServiceContractTest extends ServiceContractTest {
}
