package org.pharmacyvoice.domain.cascade.port.out;

/** A reply the language model is writing. */
public interface Generation {

    /** Stops the reply (the caller barged in, or the call ended); no event of it arrives once this returns. */
    void cancel();
}
