package dev.confidant.platform.events;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names an event or command payload on the wire: its {@code type}, the current schema version,
 * the topic it travels on, whether it is about one data subject, and which services may produce it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EventType {

    /** The envelope's {@code type}, e.g. {@code PersonalDataCreated}. */
    String name();

    /** The schema version this build writes; it reads every version from 1 up to this one. */
    int version();

    /** The topic the payload is published to. */
    String topic();

    /** Whether the envelope must carry a {@code subjectId}; commands over a whole category do not. */
    boolean subjectScoped() default true;

    /**
     * The services that may produce it ({@link Services}): the producer matrix. Consumers refuse a record of this
     * type signed by any other service (docs/events.md: signatures).
     */
    String[] producers();
}
