package io.jobscale.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder to PostgreSQL that a test uses to inject network faults into the processes connecting through it:
 * <ul>
 *   <li>{@link #cut()} / {@link #restore()}: a database outage. While cut, open connections are closed and new ones
 *   are closed at once.</li>
 *   <li>{@link #freeze()}: the connections open now turn half-open, as when a NAT or load balancer drops an idle flow.
 *   Everything on them is silently discarded in both directions while both ends stay connected and see no error;
 *   connections made afterwards work. {@link #endFrozenSessions()} then closes the server side of the frozen ones,
 *   which is what PostgreSQL's TCP keepalive eventually does; the client side stays half-open.</li>
 * </ul>
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean cut;

    /** One forwarded connection: the client's socket, ours to PostgreSQL, and whether it was made half-open. */
    private static final class Connection {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Connection(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }

        void close() {
            closeQuietly(client);
            closeQuietly(upstream);
        }
    }

    public TcpProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "tcp-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections forwarded so far. */
    public int accepted() {
        return accepted.get();
    }

    public void cut() {
        cut = true;
        open.forEach(Connection::close);
        open.clear();
    }

    public void restore() {
        cut = false;
    }

    public void freeze() {
        open.forEach(c -> c.frozen = true);
    }

    public void endFrozenSessions() {
        for (Connection connection : open) {
            if (connection.frozen) closeQuietly(connection.upstream);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (cut) {
                    closeQuietly(client);
                    continue;
                }
                Connection connection = new Connection(client, new Socket(targetHost, targetPort));
                open.add(connection);
                accepted.incrementAndGet();
                pump(connection, connection.client, connection.upstream);
                pump(connection, connection.upstream, connection.client);
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private void pump(Connection connection, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                // Not try-with-resources: closing a socket's stream closes the socket, and a frozen one stays open.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (connection.frozen) continue;   // read and dropped: the sender never blocks, nobody hears
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // connection closed on either side
            } finally {
                if (!connection.frozen) {
                    connection.close();
                    open.remove(connection);
                }
            }
        }, "tcp-proxy-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        open.forEach(Connection::close);
        open.clear();
    }
}
