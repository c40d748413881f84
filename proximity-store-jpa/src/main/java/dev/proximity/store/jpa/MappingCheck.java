package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import jakarta.persistence.Column;
import jakarta.persistence.Table;

import javax.sql.DataSource;
import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks at open, in a few metadata queries, that every mapped table and column exists, so a schema
 * changed outside the migrations fails the open naming what is missing, while Hibernate's own
 * (complete, but seconds-long) validation waits for the first use of the mapping.
 */
final class MappingCheck {

    private MappingCheck() {
    }

    static void verify(JdbcTarget target, DataSource schema) {
        List<String> missing = new ArrayList<>();
        try (Connection connection = schema.getConnection()) {
            DatabaseMetaData metadata = connection.getMetaData();
            for (Class<?> entity : HibernateBootstrap.ENTITIES) {
                String table = entity.getAnnotation(Table.class).name();
                Set<String> columns = columnsOf(metadata, table);
                if (columns.isEmpty()) {
                    missing.add("table " + table);
                    continue;
                }
                for (Field field : entity.getDeclaredFields()) {
                    Column column = field.getAnnotation(Column.class);
                    if (column != null && !columns.contains(column.name().toLowerCase(Locale.ROOT))) {
                        missing.add("column " + table + "." + column.name());
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException(target + ": cannot read the schema to check it: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            throw new StoreException(target + ": the schema does not match the entity mapping (was it changed outside"
                    + " the migrations?): missing " + String.join(", ", missing));
        }
    }

    private static Set<String> columnsOf(DatabaseMetaData metadata, String table) throws SQLException {
        Set<String> columns = new TreeSet<>();
        for (String name : List.of(table, table.toUpperCase(Locale.ROOT))) {
            try (ResultSet result = metadata.getColumns(null, null, name, null)) {
                while (result.next()) {
                    columns.add(result.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                }
            }
            if (!columns.isEmpty()) {
                break;
            }
        }
        return columns;
    }
}
