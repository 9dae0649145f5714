package nightshift.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy in front of the store that holds every chunk of bytes for a fixed time in each direction before passing
 * it on, in order: the store as if it were across a network ({@code --latency-ms}). On the same machine a round trip
 * costs tens of microseconds, and the round trips a change saves do not show in the harness; a cron job's database
 * is usually on another host. Chunks are delayed from when they arrive, so a long message is not slowed further.
 */
final class LatencyProxy implements AutoCloseable {
    private static final Pattern URL = Pattern.compile("jdbc:postgresql://([^:/?]+)(?::(\\d+))?(/.*)");
    private static final byte[] END = new byte[0];

    private record Chunk(long due, byte[] bytes) {
    }

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final String rest;
    private final long delayNanos;
    private final List<Socket> sockets = new ArrayList<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "bench-latency");
        t.setDaemon(true);
        return t;
    });

    /** A proxy for the server of {@code jdbcUrl}, {@code oneWayMillis} each way. */
    LatencyProxy(String jdbcUrl, double oneWayMillis) throws IOException {
        Matcher m = URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("--latency-ms needs a jdbc:postgresql://host[:port]/database URL; was " + jdbcUrl);
        }
        this.host = m.group(1);
        this.port = m.group(2) == null ? 5432 : Integer.parseInt(m.group(2));
        this.rest = m.group(3);
        this.delayNanos = (long) (oneWayMillis * 1_000_000);
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.execute(this::accept);
    }

    /** The store's URL through this proxy. */
    String url() {
        return "jdbc:postgresql://127.0.0.1:" + listener.getLocalPort() + rest;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(server);
                }
                pipe(client, server);
                pipe(server, client);
            } catch (IOException e) {
                // closed: the harness is done
            }
        }
    }

    /** One direction: a reader stamps each chunk with the time it may go on, a writer sends it then. */
    private void pipe(Socket from, Socket to) throws IOException {
        InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream();
        BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
        threads.execute(() -> {
            byte[] buffer = new byte[1 << 16];
            try {
                for (int read; (read = in.read(buffer)) > 0; ) {
                    queue.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buffer, read)));
                }
            } catch (IOException e) {
                // the connection ended
            }
            queue.add(new Chunk(System.nanoTime() + delayNanos, END));
        });
        threads.execute(() -> {
            try {
                while (true) {
                    Chunk chunk = queue.take();
                    for (long wait; (wait = chunk.due() - System.nanoTime()) > 0; ) {
                        LockSupport.parkNanos(wait);
                    }
                    if (chunk.bytes() == END) {
                        to.shutdownOutput();
                        return;
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ended, or the harness is done
            }
        });
    }

    @Override
    public void close() throws IOException {
        listener.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
        threads.shutdownNow();
    }
}
