package dev.confidant.account;

import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SuiteInfrastructure
class AccountServiceContractTest extends ServiceContractTest {
}
