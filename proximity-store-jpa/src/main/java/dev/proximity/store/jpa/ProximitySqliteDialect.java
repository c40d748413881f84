package dev.proximity.store.jpa;

import org.hibernate.boot.model.TypeContributions;
import org.hibernate.community.dialect.SQLiteDialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.service.ServiceRegistry;
import org.hibernate.type.SqlTypes;
import org.hibernate.type.descriptor.jdbc.JsonAsStringJdbcType;

/**
 * Hibernate's community SQLite dialect, with JSON documents bound as plain strings, every character
 * type accepted for a {@code TEXT} column and every integer type for an {@code INTEGER} column.
 * SQLite has one text and one (64-bit) integer storage class whatever the declared type, but the
 * stock dialect expects a CLOB column for long text and JSON and a BIGINT column for a
 * {@code long}, so schema validation would refuse the {@code TEXT} columns and the
 * {@code INTEGER PRIMARY KEY} (the rowid) the migrations create. Public only because
 * Hibernate instantiates dialects by class name; {@link JpaStore} selects it.
 */
public class ProximitySqliteDialect extends SQLiteDialect {

    /** Used when Hibernate cannot ask the database for its version. */
    public ProximitySqliteDialect() {
    }

    /** @param info what the JDBC driver reported about the database, including its version */
    public ProximitySqliteDialect(DialectResolutionInfo info) {
        super(info);
    }

    @Override
    public void contributeTypes(TypeContributions typeContributions, ServiceRegistry serviceRegistry) {
        super.contributeTypes(typeContributions, serviceRegistry);
        typeContributions.getTypeConfiguration().getJdbcTypeRegistry()
                .addDescriptor(SqlTypes.JSON, JsonAsStringJdbcType.VARCHAR_INSTANCE);
    }

    @Override
    public boolean equivalentTypes(int typeCode1, int typeCode2) {
        return super.equivalentTypes(typeCode1, typeCode2) || isText(typeCode1) && isText(typeCode2)
                || isInteger(typeCode1) && isInteger(typeCode2);
    }

    private static boolean isText(int typeCode) {
        return switch (typeCode) {
            case SqlTypes.CHAR, SqlTypes.VARCHAR, SqlTypes.LONGVARCHAR, SqlTypes.LONG32VARCHAR, SqlTypes.CLOB,
                 SqlTypes.NCHAR, SqlTypes.NVARCHAR, SqlTypes.LONGNVARCHAR, SqlTypes.LONG32NVARCHAR, SqlTypes.NCLOB,
                 SqlTypes.JSON -> true;
            default -> false;
        };
    }

    private static boolean isInteger(int typeCode) {
        return typeCode == SqlTypes.TINYINT || typeCode == SqlTypes.SMALLINT || typeCode == SqlTypes.INTEGER
                || typeCode == SqlTypes.BIGINT;
    }
}
