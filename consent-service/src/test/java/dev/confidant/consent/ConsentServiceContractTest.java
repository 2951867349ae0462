package dev.confidant.consent;

import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SuiteInfrastructure
class ConsentServiceContractTest extends ServiceContractTest {
}
