package dev.confidant.platform.devstack;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Services are launched with native heap trimming only on a Java that has the option (else they would not start). */
class ServiceProcessTest {

    @Test
    void nativeHeapTrimmingOnlyWhereJavaHasIt() {
        for (String without : new String[] {"17", "17.0.8", "18.0.2", "19.0.2", "20.0.2", "21"}) {
            assertFalse(ServiceProcess.trimsNativeHeap(Runtime.Version.parse(without)), without);
        }
        for (String with : new String[] {"17.0.9", "17.0.15", "21.0.1", "22", "25.0.1"}) {
            assertTrue(ServiceProcess.trimsNativeHeap(Runtime.Version.parse(with)), with);
        }
    }
}
