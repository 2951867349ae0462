package dev.confidant.account;

import dev.confidant.platform.testing.EmbeddedSmtpResource;
import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SuiteInfrastructure
@WithTestResource(value = EmbeddedSmtpResource.class, scope = TestResourceScope.GLOBAL)
class AccountServiceContractTest extends ServiceContractTest {
}
