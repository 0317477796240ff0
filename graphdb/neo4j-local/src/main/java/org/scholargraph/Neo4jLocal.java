package org.scholargraph;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * A real Neo4j (Neo4j's own test harness, community edition) on loopback, for one user on one
 * machine: Bolt on --port, Neo4j Browser over HTTP on --http-port, the store in --data-dir.
 *
 * The harness keeps its home in a throwaway folder under DATA/run and deletes it on close; the
 * store is pointed at DATA/data so that it outlives the process. Authentication is off because
 * both connectors listen on 127.0.0.1 only. SIGTERM shuts the database down cleanly; after a
 * kill -9 Neo4j recovers the store from its transaction logs on the next start.
 *
 * Prints one line "neo4j-local: ready bolt://… http://…/browser/" when it serves Bolt; the
 * Python side (graphdb/neo4j_local.py) waits for it.
 */
public final class Neo4jLocal {
    private Neo4jLocal() {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> args = parse(argv);
        int port = Integer.parseInt(args.getOrDefault("port", "7687"));
        int httpPort = Integer.parseInt(args.getOrDefault("http-port", "7474"));
        Path dataDir = Path.of(args.getOrDefault("data-dir", "neo4j-data")).toAbsolutePath();
        long pageCache = Long.parseLong(args.getOrDefault("page-cache-mb", "1024")) * 1024 * 1024;
        String host = "127.0.0.1";

        Path runDir = dataDir.resolve("run");
        deleteTree(runDir); // a killed server's throwaway home
        Files.createDirectories(runDir);

        Neo4j neo4j = Neo4jBuilders.newInProcessBuilder(runDir)
                .withConfig(GraphDatabaseSettings.data_directory, dataDir.resolve("data"))
                .withConfig(GraphDatabaseSettings.logs_directory, dataDir.resolve("logs"))
                .withConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                // Neo4j Browser reads the Bolt address from the discovery document: the real port
                .withConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(HttpConnector.enabled, true)
                .withConfig(HttpConnector.listen_address, new SocketAddress(host, httpPort))
                .withConfig(HttpConnector.advertised_address, new SocketAddress(host, httpPort))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("neo4j-local: stopping");
            neo4j.close();
            System.out.println("neo4j-local: stopped");
            System.out.flush();
            stopped.countDown();
        }, "neo4j-local-shutdown"));

        System.out.println("neo4j-local: ready " + neo4j.boltURI() + " " + neo4j.httpURI() + "browser/");
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> parse(String[] argv) {
        Map<String, String> args = new HashMap<>();
        for (int i = 0; i < argv.length; i++) {
            if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
                throw new IllegalArgumentException(
                        "usage: Neo4jLocal --port P --http-port H --data-dir D [--page-cache-mb M]");
            }
            args.put(argv[i].substring(2), argv[++i]);
        }
        return args;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
