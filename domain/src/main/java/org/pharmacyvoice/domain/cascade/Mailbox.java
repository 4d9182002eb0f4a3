package org.pharmacyvoice.domain.cascade;

import java.lang.System.Logger.Level;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs one conversation's work one task at a time, in the order it was given, on threads borrowed from a shared
 * executor: the three services call back on their own threads, and the conversation's state is then only ever
 * touched by one of them at a time, without a lock held while the bridge is told anything.
 */
final class Mailbox implements Executor {

    private static final System.Logger LOG = System.getLogger(Mailbox.class.getName());

    private final Executor threads;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean draining = new AtomicBoolean();

    Mailbox(Executor threads) {
        this.threads = threads;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (draining.compareAndSet(false, true)) {
            threads.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    // One broken task must not strand the ones behind it.
                    LOG.log(Level.ERROR, "cascaded agent task failed", e);
                }
            }
            draining.set(false);
            // A task added after the poll came up empty but before the flag was cleared would wait forever.
        } while (!tasks.isEmpty() && draining.compareAndSet(false, true));
    }
}
