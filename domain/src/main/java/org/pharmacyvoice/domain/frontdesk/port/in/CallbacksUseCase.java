package org.pharmacyvoice.domain.frontdesk.port.in;

import java.util.List;
import org.pharmacyvoice.domain.telephony.Callback;

/** Inbound port: staff's list of callers to call back. */
public interface CallbacksUseCase {

    List<Callback> callbacks(boolean openOnly, int limit);

    /** Marks one done; false if there is no open callback with that id. */
    boolean markCalledBack(long id);
}
