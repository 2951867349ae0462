package dev.confidant.retention;

import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SuiteInfrastructure
class RetentionServiceContractTest extends ServiceContractTest {
}
