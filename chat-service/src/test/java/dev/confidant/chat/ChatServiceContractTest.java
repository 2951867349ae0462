package dev.confidant.chat;

import dev.confidant.platform.testing.ServiceContractTest;
import dev.confidant.platform.testing.SuiteInfrastructure;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@SuiteInfrastructure
class ChatServiceContractTest extends ServiceContractTest {
}
