package org.pharmacyvoice.adapters.functions;

import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.transaction.DelegatingTransactionHandler;
import org.jdbi.v3.core.transaction.TransactionHandler;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Ends every JDBI transaction on an H2 file database with CHECKPOINT, which writes it, and everything committed
 * before it, to the file before the transaction returns. H2 otherwise keeps commits in memory for up to its
 * WRITE_DELAY (500 ms), so a crash right after a caller heard "your order is placed" lost the order. Writes nobody
 * is told about (transcript lines) stay with H2's background writer, which also keeps the file compact; WRITE_DELAY=0
 * would write every commit at once but stop that background work, and the file grows about seven times as fast.
 */
final class H2Checkpoints extends DelegatingTransactionHandler {

    H2Checkpoints(TransactionHandler delegate) {
        super(delegate);
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, HandleCallback<R, X> callback) throws X {
        // A transaction inside another joins it: only the outermost one's commit is worth writing out.
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, callback);
        if (outermost) {
            handle.execute("CHECKPOINT");
        }
        return result;
    }

    @Override
    public <R, X extends Exception> R inTransaction(Handle handle, TransactionIsolationLevel level,
                                                    HandleCallback<R, X> callback) throws X {
        boolean outermost = !handle.isInTransaction();
        R result = super.inTransaction(handle, level, callback);
        if (outermost) {
            handle.execute("CHECKPOINT");
        }
        return result;
    }
}
