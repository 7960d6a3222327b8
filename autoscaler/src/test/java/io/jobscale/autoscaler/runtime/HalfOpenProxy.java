package io.jobscale.autoscaler.runtime;

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
 * A TCP forwarder to PostgreSQL whose open connections a test can turn half-open, as a NAT or load balancer does when
 * it drops an idle flow: {@link #freeze()} silently discards everything on the connections open now, in both
 * directions, while both ends stay connected and never see an error. Connections made afterwards work (a new flow gets
 * through). {@link #endFrozenSessions()} then closes the server side of the frozen ones, which is what PostgreSQL's TCP
 * keepalive eventually does; the client side stays half-open.
 */
final class HalfOpenProxy implements AutoCloseable {

    private final ServerSocket server;
    private final String targetHost;
    private final int targetPort;
    private final Set<Pair> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();

    private static final class Pair {
        final Socket client;
        final Socket upstream;
        volatile boolean frozen;

        Pair(Socket client, Socket upstream) {
            this.client = client;
            this.upstream = upstream;
        }
    }

    HalfOpenProxy(String targetHost, int targetPort) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        Thread acceptor = new Thread(this::acceptLoop, "half-open-proxy-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    int accepted() {
        return accepted.get();
    }

    void freeze() {
        open.forEach(p -> p.frozen = true);
    }

    void endFrozenSessions() {
        for (Pair pair : open) {
            if (pair.frozen) closeQuietly(pair.upstream);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Pair pair = new Pair(client, new Socket(targetHost, targetPort));
                open.add(pair);
                accepted.incrementAndGet();
                pump(pair, pair.client, pair.upstream);
                pump(pair, pair.upstream, pair.client);
            } catch (IOException e) {
                if (server.isClosed()) return;
            }
        }
    }

    private void pump(Pair pair, Socket from, Socket to) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                // Not try-with-resources: closing a socket's stream closes the socket, and a frozen pair stays open.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (pair.frozen) continue;   // read and dropped: the sender never blocks, the receiver never hears
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // connection closed on either side
            } finally {
                if (!pair.frozen) {
                    closeQuietly(pair.client);
                    closeQuietly(pair.upstream);
                    open.remove(pair);
                }
            }
        }, "half-open-proxy-pump");
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
        for (Pair pair : open) {
            closeQuietly(pair.client);
            closeQuietly(pair.upstream);
        }
    }
}
