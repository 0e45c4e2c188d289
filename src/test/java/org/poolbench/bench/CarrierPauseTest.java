package org.poolbench.bench;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.Control;

/** {@link CarrierPause}: which calls are outside JMH's measured window, and who pauses. */
class CarrierPauseTest {

    @Test
    void outside_beforeStartAndAfterStop_butNotWhileMeasuring() {
        Control control = new Control();
        assertTrue(CarrierPause.outside(control), "before the window: JMH waits for the other threads to start");
        control.startMeasurement = true;
        assertFalse(CarrierPause.outside(control), "inside the window nothing changes");
        control.stopMeasurement = true;
        assertTrue(CarrierPause.outside(control), "after it: JMH waits for the other threads to stop");
    }

    @Test
    void detect_tellsVirtualFromPlatformThreads() throws Exception {
        CarrierPause platform = new CarrierPause();
        platform.detect();
        CarrierPause[] onVirtual = new CarrierPause[1];
        Thread v = Thread.ofVirtual().start(() -> {
            onVirtual[0] = new CarrierPause();
            onVirtual[0].detect();
        });
        v.join();
        assertFalse(platform.isVirtual());
        assertTrue(onVirtual[0].isVirtual());
    }
}
