package org.pharmacyvoice.adapters.functions;

import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.pharmacyvoice.domain.counter.port.out.Transactions;

/**
 * Units of work as JDBI transactions. The formulary, the ledger and the dispensary's stores use {@code withHandle}
 * (and {@code inTransaction} for their own writes, which joins an open one), which JDBI hands the open transaction's
 * handle on the same thread, so what the work does through them is this one transaction; on H2 it is written to the
 * file before it returns ({@link H2Checkpoints}).
 */
final class JdbiTransactions implements Transactions {

    private final Jdbi jdbi;

    JdbiTransactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(handle -> work.get());
    }
}
