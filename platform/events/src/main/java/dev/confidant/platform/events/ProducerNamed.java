package dev.confidant.platform.events;

/**
 * A payload that names the service it comes from (an owner's announcement, its acknowledgements). Consumers accept it
 * only when that name is the service that signed it, so no service can speak for another.
 */
public interface ProducerNamed {

    /** The service the payload speaks for. */
    String owner();
}
