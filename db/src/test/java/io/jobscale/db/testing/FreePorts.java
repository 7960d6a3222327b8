package io.jobscale.db.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/** Ports for tests: one the system had free a moment ago, for a process to bind or for a client to find closed. */
public final class FreePorts {

    private FreePorts() {
    }

    /** Bound by the system for us, then released; nothing of ours binds it meanwhile. */
    public static int unused() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
