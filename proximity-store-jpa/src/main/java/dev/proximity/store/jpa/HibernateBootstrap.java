package dev.proximity.store.jpa;

import dev.proximity.api.error.StoreException;
import jakarta.persistence.PersistenceException;
import org.hibernate.SessionFactory;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.cfg.AvailableSettings;
import org.hibernate.tool.schema.spi.SchemaManagementException;

import javax.sql.DataSource;
import java.util.List;

/**
 * Builds the Hibernate {@link SessionFactory} in plain Java: no persistence.xml, no container, the
 * entity classes listed here. The schema belongs to Flyway; Hibernate only validates that the
 * mapping matches it ({@code hbm2ddl.auto=validate}) and fails the start when it does not.
 */
final class HibernateBootstrap {

    static final List<Class<?>> ENTITIES = List.of(AppEntity.class, DeploymentLogEntryEntity.class,
            MigrationRunEntity.class, SettingEntity.class);

    private HibernateBootstrap() {
    }

    /**
     * @param target the database, for the dialect and messages
     * @param dataSource the data source Hibernate inspects at start-up; sessions later get their
     *                   connection from the store's own transactions
     * @return the session factory
     */
    static SessionFactory sessionFactory(JdbcTarget target, DataSource dataSource) {
        StandardServiceRegistryBuilder settings = new StandardServiceRegistryBuilder()
                .applySetting(AvailableSettings.JAKARTA_NON_JTA_DATASOURCE, dataSource);
        if (target.database().dialect() != null) {
            settings.applySetting(AvailableSettings.DIALECT, target.database().dialect());
        }
        StandardServiceRegistry registry = settings
                .applySetting(AvailableSettings.HBM2DDL_AUTO, "validate")
                // transactions are begun and ended by the store on the JDBC connection, not by Hibernate
                .applySetting(AvailableSettings.ALLOW_UPDATE_OUTSIDE_TRANSACTION, true)
                .applySetting(AvailableSettings.SHOW_SQL, false)
                .build();
        try {
            MetadataSources sources = new MetadataSources(registry);
            ENTITIES.forEach(sources::addAnnotatedClass);
            return sources.buildMetadata().buildSessionFactory();
        } catch (SchemaManagementException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new StoreException(target + ": the schema does not match the entity mapping (was it changed outside "
                    + "the migrations?): " + e.getMessage(), e);
        } catch (PersistenceException e) {
            StandardServiceRegistryBuilder.destroy(registry);
            throw new StoreException(target + ": cannot start Hibernate: " + e.getMessage(), e);
        }
    }
}
