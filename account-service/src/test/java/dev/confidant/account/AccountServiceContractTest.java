package dev.confidant.account;

import dev.confidant.platform.testing.EmbeddedKafkaResource;
import dev.confidant.platform.testing.EmbeddedPostgresResource;
import dev.confidant.platform.testing.ServiceContractTest;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = EmbeddedPostgresResource.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = EmbeddedKafkaResource.class, scope = TestResourceScope.GLOBAL)
class AccountServiceContractTest extends ServiceContractTest {

    @Override
    protected String serviceName() {
        return "account-service";
    }
}
