package dev.confidant.platform.runtime.testapp;

import dev.confidant.platform.runtime.cluster.ClusterSignals;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every cluster signal the test application receives, in the order it arrives. */
@ApplicationScoped
public class SignalRecorder {

    private final List<ClusterSignals.Signal> received = new CopyOnWriteArrayList<>();

    void on(@Observes ClusterSignals.Signal signal) {
        received.add(signal);
    }

    public List<ClusterSignals.Signal> received() {
        return List.copyOf(received);
    }
}
