package org.pharmacyvoice.domain.port.out;

import org.pharmacyvoice.domain.model.AgentEvent;

/** Receives what the voice agent says and does, in the order the agent sent it. */
@FunctionalInterface
public interface AgentListener {

    void onEvent(AgentEvent event);
}
