package org.pharmacyvoice.it.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * One thread that serves one side (Twilio's or the agent's) of every simulated call, on a 1 ms beat: each tick it
 * reads whatever arrived on any of its sockets, runs the tick's sends, and retries writes the kernel refused.
 *
 * <p>Why a beat rather than blocking in the selector: thousands of sockets each receiving fifty frames a second
 * would wake a blocking thread tens of thousands of times a second, and on a small (virtual) machine those wake-ups
 * cost as much CPU as the server's own work. Polling once a millisecond keeps the generator's share small; the price
 * is that a frame's arrival is noticed up to 1 ms late, which the report states and which only inflates the
 * measured latency, never hides any.
 */
final class Reactor implements Executor, AutoCloseable {

    private static final long TICK_NANOS = 1_000_000L;

    private final Selector selector;
    private final Thread thread;
    private final LongConsumer onTick;
    private final SingleWriterRecorder lateness;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final Queue<WsConnection> unflushed = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    /** {@code onTick} runs on this thread once a millisecond; how late each tick ran goes to {@code lateness}. */
    Reactor(String name, LongConsumer onTick, SingleWriterRecorder lateness) {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.onTick = onTick;
        this.lateness = lateness;
        thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    /** Registers a connection whose (client) upgrade is done; its frames are read from now on. */
    void register(WsConnection connection) {
        execute(() -> {
            try {
                connection.channel().configureBlocking(false);
                connection.channel().register(selector, SelectionKey.OP_READ, connection);
            } catch (IOException e) {
                connection.close(e.toString());
            }
        });
    }

    /** Accepts connections on {@code server}; each gets a server-side WebSocket with the handler made for it. */
    void listen(ServerSocketChannel server, Supplier<WsConnection.Handler> handlers) {
        execute(() -> {
            try {
                server.configureBlocking(false);
                Consumer<SelectionKey> acceptor = key -> accept(server, handlers);
                server.register(selector, SelectionKey.OP_ACCEPT, acceptor);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void accept(ServerSocketChannel server, Supplier<WsConnection.Handler> handlers) {
        try {
            SocketChannel channel;
            while ((channel = server.accept()) != null) {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                var connection = new WsConnection(channel, false, this);
                connection.handler(handlers.get());
                channel.register(selector, SelectionKey.OP_READ, connection);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code task} on this reactor's thread at its next tick. */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs {@code task} on this reactor's thread and returns its result: a consistent view of its state. */
    <T> T call(Supplier<T> task) {
        var result = new CompletableFuture<T>();
        execute(() -> {
            try {
                result.complete(task.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.join();
    }

    /** A connection has bytes the socket did not take; they are retried every tick. */
    void needsFlush(WsConnection connection) {
        unflushed.add(connection);
    }

    private void flushAll() {
        int n = unflushed.size();
        for (int i = 0; i < n; i++) {
            WsConnection connection = unflushed.poll();
            if (connection == null) {
                return;
            }
            if (!connection.flush()) {
                unflushed.add(connection);
            }
        }
    }

    private void loop() {
        long start = System.nanoTime();
        long tick = 0;
        while (running) {
            long deadline = start + tick * TICK_NANOS;
            long now = System.nanoTime();
            if (now < deadline) {
                LockSupport.parkNanos(deadline - now);
                continue;
            }
            Measurements.record(lateness, now - deadline);
            readReady();
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
            }
            onTick.accept(tick);
            flushAll();
            tick++;
        }
    }

    private void readReady() {
        try {
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var keys = selector.selectedKeys();
        for (SelectionKey key : keys) {
            if (!key.isValid()) {
                continue;
            }
            if (key.attachment() instanceof WsConnection connection) {
                connection.readable();
            } else if (key.attachment() instanceof Consumer<?> acceptor) {
                @SuppressWarnings("unchecked")
                var accept = (Consumer<SelectionKey>) acceptor;
                accept.accept(key);
            }
        }
        keys.clear();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException ignored) {
            // closing anyway
        }
    }
}
