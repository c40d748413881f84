package dev.proximity.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * {@code java -jar proximity.jar}: the entry point of the sample programs. Subcommands are added
 * here as they exist.
 */
@Command(name = "proximity",
        mixinStandardHelpOptions = true,
        versionProvider = ProximityCommand.Version.class,
        description = "Run self-hosted apps on Proxmox VE and move their state from JSON into a database.")
public final class ProximityCommand implements Runnable {

    /** The subcommands, in the order {@code --help} lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(CommandLine.HelpCommand.class, QuickstartCommand.class,
            AppsCommand.class, InventoryCommand.class, MigrateCommand.class, VerifyCommand.class, PhaseCommand.class,
            RunsCommand.class, RepairCommand.class, SimulatorCommand.class, BenchCommand.class);

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /**
     * @param args command-line arguments
     */
    public static void main(String[] args) {
        // Hibernate logs through JBoss Logging; route it to SLF4J so one setting quiets everything.
        System.setProperty("org.jboss.logging.provider", System.getProperty("org.jboss.logging.provider", "slf4j"));
        System.exit(commandLine(args).execute(args));
    }

    /** @return the configured command line with every subcommand, for tests and embedding */
    public static CommandLine commandLine() {
        return withSubcommands(SUBCOMMANDS);
    }

    /**
     * The command line for these arguments. When the first one names a subcommand, only that one is
     * built: picocli reads every registered subcommand's annotations up front, about a fifth of a
     * second for all of them, a tenth of a short command's whole run. {@code help}, options and
     * anything unknown get them all, so usage, help and suggestions are the same.
     *
     * @param args the arguments it will be given
     * @return the configured command line
     */
    public static CommandLine commandLine(String... args) {
        if (args.length > 0) {
            for (Class<?> subcommand : SUBCOMMANDS) {
                if (subcommand != CommandLine.HelpCommand.class && subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                    return withSubcommands(List.of(subcommand));
                }
            }
        }
        return commandLine();
    }

    private static CommandLine withSubcommands(List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new ProximityCommand());
        subcommands.forEach(cli::addSubcommand);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setExecutionExceptionHandler(ProximityCommand::failed);
        return cli;
    }

    /**
     * A command that throws: the message (never a stack trace) on standard error. A store, file or
     * configuration the command cannot use, or a refused request, is exit status 2; anything else 1.
     */
    private static int failed(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        cli.getErr().println("error: " + e.getMessage());
        cli.getErr().flush();
        boolean fatal = e instanceof dev.proximity.api.error.InvalidRequestException
                || e instanceof dev.proximity.api.error.StoreException
                || e instanceof dev.proximity.api.error.MigrationException
                || e instanceof dev.proximity.api.error.NotFoundException
                || e instanceof IllegalArgumentException;
        return fatal ? 2 : 1;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Reads the version Maven wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Properties properties = new Properties();
            try (InputStream in = ProximityCommand.class.getResourceAsStream("/proximity-version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return new String[] {"proximity " + properties.getProperty("version", "unknown"),
                    "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
