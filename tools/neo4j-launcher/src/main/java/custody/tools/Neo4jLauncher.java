package custody.tools;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Runs an embedded Neo4j DBMS with a Bolt connector on 127.0.0.1, for tests.
 *
 * <p>Usage: {@code Neo4jLauncher DATA_DIR PORT [PASSWORD]}. PORT 0 lets the OS pick a free port
 * (no race between choosing and binding). Without PASSWORD auth is disabled; with it, user
 * {@code neo4j} gets that password. Prints one line {@code BOLT_PORT=<port>} on stdout when
 * ready, then runs until stdin closes or SIGTERM, and shuts down cleanly either way.
 */
public final class Neo4jLauncher {
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: Neo4jLauncher DATA_DIR PORT [PASSWORD]");
            System.exit(2);
        }
        try {
            run(args);
        } catch (Throwable t) {
            // Exit instead of just ending main: Neo4j's non-daemon threads would keep a
            // half-started JVM alive and the caller would only see a timeout.
            t.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String password = args.length == 3 && !args[2].isEmpty() ? args[2] : null;

        // stdout is the protocol channel (exactly one BOLT_PORT line): anything a library
        // prints there goes to stderr instead.
        PrintStream protocol = System.out;
        System.setOut(System.err);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
                // Tests try wrong passwords on purpose; 0 = never lock the user out for it.
                .setConfig(GraphDatabaseSettings.auth_max_failed_attempts, 0)
                // Small footprint: tests hold tiny graphs; defaults would size by machine RAM.
                // Benchmarks of large worlds raise it with -Dcustody.pagecache.mib=N.
                .setConfig(GraphDatabaseSettings.pagecache_memory,
                        ByteUnit.mebiBytes(Long.getLong("custody.pagecache.mib", 256L)))
                // Neo4j keeps two days of transaction logs by default, for backups and
                // clusters; a scratch server needs only what recovery needs (a benchmark's
                // million-item ingest otherwise writes tens of GiB of logs).
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "256M size")
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Netty otherwise idles 5 s on shutdown waiting for late Bolt work; a test's
                // restart() pays that each time.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .build();
        // SIGTERM (and System.exit below) run this: flushes and closes the store cleanly.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        if (password != null) {
            setPassword(dbms, password);
        }

        // Ask Neo4j which port it actually bound (differs from the argument when it was 0).
        GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        int boundPort = system.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT)
                .getPort();
        protocol.println("BOLT_PORT=" + boundPort);
        protocol.flush();

        // The parent holds our stdin open for as long as it wants the server; EOF means stop,
        // so a crashed test run cannot leave a server behind.
        while (System.in.read() != -1) {
            // discard input
        }
        System.exit(0);
    }

    /** Gives user neo4j the password and clears the "change on first login" flag. */
    private static void setPassword(DatabaseManagementService dbms, String password) {
        try {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PLAINTEXT PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        } catch (RuntimeException e) {
            // On a restart over the same data dir the password is already set, and Neo4j
            // refuses to "change" a password to itself; anything else is a real error.
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }
}
