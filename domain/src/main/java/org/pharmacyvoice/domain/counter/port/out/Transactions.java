package org.pharmacyvoice.domain.counter.port.out;

import java.util.function.Supplier;

/**
 * Outbound port: a unit of work. What {@code work} does through the counter's ports is done all or not at all, and is
 * durable before this returns, so a caller who hears "done" is never told something a crash can take back. Work
 * may run again inside an open unit; it then joins it.
 */
public interface Transactions {

    <T> T inTransaction(Supplier<T> work);
}
