package dev.confidant.platform.runtime.web;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import org.jboss.resteasy.reactive.RestPath;

import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;

/**
 * The one way a {@link UUID} parameter is read, in every service. Resources declare {@code @PathParam("id") UUID id};
 * an id that is not a UUID in canonical form (36 characters, as we issue them) names nothing, so the answer is the
 * same problem+json 404 as for a path that does not exist ({@code ProblemMappers}). A malformed UUID in a query
 * parameter is a 400. The non-canonical spellings {@link UUID#fromString} also accepts ({@code 1-1-1-1-1}) are
 * refused, so one resource has one URL.
 */
@Provider
public class PathIds implements ParamConverterProvider {

    /** A UUID in canonical form, for request-body fields that hold an id (Bean Validation {@code @Pattern}). */
    public static final String PATTERN = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

    private static final java.util.regex.Pattern CANONICAL = java.util.regex.Pattern.compile(PATTERN);
    private static final ParamConverter<UUID> IN_PATH = new Ids(true);
    private static final ParamConverter<UUID> ELSEWHERE = new Ids(false);

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType != UUID.class) {
            return null;
        }
        return (ParamConverter<T>) (inPath(annotations) ? IN_PATH : ELSEWHERE);
    }

    /** Parses a canonical UUID, or answers null: for ids that arrive in bodies or frames rather than parameters. */
    public static UUID parse(String value) {
        if (value == null || !CANONICAL.matcher(value).matches()) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean inPath(Annotation[] annotations) {
        if (annotations == null || annotations.length == 0) {
            return true; // the REST layer asks without annotations for path segments
        }
        for (Annotation annotation : annotations) {
            if (annotation instanceof PathParam || annotation instanceof RestPath) {
                return true;
            }
        }
        return false;
    }

    private record Ids(boolean inPath) implements ParamConverter<UUID> {

        @Override
        public UUID fromString(String value) {
            UUID id = parse(value);
            if (id == null) {
                if (inPath) {
                    throw new NotFoundException();
                }
                throw new BadRequestException("A parameter is not a valid id");
            }
            return id;
        }

        @Override
        public String toString(UUID value) {
            return value.toString();
        }
    }
}
