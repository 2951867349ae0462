package dev.confidant.platform.runtime.persistence;

import jakarta.persistence.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * One row of a native query, read by column position with the type it should have: the one place that knows how
 * the driver hands columns back, so services map rows to records without casts.
 *
 * <pre>{@code
 * List<Part> parts = NativeRow.map(entityManager.createNativeQuery("SELECT owner, attempts FROM access_part ..."),
 *         row -> new Part(row.text(0), row.integer(1)));
 * }</pre>
 */
public final class NativeRow {

    private final Object[] columns;

    private NativeRow(Object[] columns) {
        this.columns = columns;
    }

    /** Runs the query and maps every row; a single-column query's rows are rows of one column. */
    public static <T> List<T> map(Query query, Function<NativeRow, T> mapper) {
        List<?> rows = query.getResultList();
        List<T> mapped = new ArrayList<>(rows.size());
        for (Object row : rows) {
            mapped.add(mapper.apply(new NativeRow(row instanceof Object[] columns ? columns : new Object[]{row})));
        }
        return mapped;
    }

    public String text(int column) {
        return (String) columns[column];
    }

    public UUID uuid(int column) {
        return (UUID) columns[column];
    }

    /** A {@code timestamptz} column; null stays null. */
    public Instant instant(int column) {
        return NativeValues.instant(columns[column]);
    }

    /** An integer column of any width; null stays null. */
    public Integer integer(int column) {
        Object value = columns[column];
        return value == null ? null : ((Number) value).intValue();
    }

    /** An integer column of any width as a long; null stays null. */
    public Long number(int column) {
        Object value = columns[column];
        return value == null ? null : ((Number) value).longValue();
    }

    /** A {@code text[]} column read through {@code array_to_string(column, ',')}: empty for null or empty. */
    public List<String> list(int column) {
        String value = text(column);
        return value == null || value.isEmpty() ? List.of() : List.of(value.split(","));
    }
}
