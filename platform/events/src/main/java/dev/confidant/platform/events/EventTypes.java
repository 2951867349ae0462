package dev.confidant.platform.events;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of every payload type in the contract. A payload class that is not listed here cannot be
 * written or read, so adding a type is one line here plus its record.
 */
public final class EventTypes {

    private static final List<Class<? extends EventPayload>> ALL = List.of(
            PersonalDataCreated.class,
            PersonalDataDeleted.class,
            ErasureRequested.class,
            ExpireRecords.class,
            ErasureCompleted.class,
            ExpiryCompleted.class,
            ConsentChanged.class,
            PolicyVersionPublished.class,
            AccountRegistered.class,
            AccountDeletionRequested.class,
            MinorReportConfirmed.class,
            VisitorLinked.class,
            DataOwnerRegistered.class,
            TokensRevoked.class);

    private static final Map<String, Class<? extends EventPayload>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(type -> annotation(type).name(), Function.identity()));

    private EventTypes() {
    }

    /** Every registered payload class. */
    public static Collection<Class<? extends EventPayload>> all() {
        return ALL;
    }

    /** The payload class registered under {@code name}, if any. */
    public static Optional<Class<? extends EventPayload>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    /** The {@link EventType} of a registered payload class. */
    public static EventType describe(Class<?> payloadClass) {
        if (!ALL.contains(payloadClass)) {
            throw new IllegalArgumentException(payloadClass.getName() + " is not a registered event type");
        }
        return annotation(payloadClass);
    }

    /** Whether the producer matrix lets {@code producer} write {@code payloadClass}. */
    public static boolean mayProduce(String producer, Class<?> payloadClass) {
        List<String> producers = Arrays.asList(describe(payloadClass).producers());
        return producers.contains(producer) || producers.contains(Services.ANY_OWNER);
    }

    private static EventType annotation(Class<?> type) {
        EventType annotation = type.getAnnotation(EventType.class);
        if (annotation == null) {
            throw new IllegalStateException(type.getName() + " lacks @EventType");
        }
        return annotation;
    }
}
