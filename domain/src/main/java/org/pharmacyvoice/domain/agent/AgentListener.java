package org.pharmacyvoice.domain.agent;


/** Receives what the voice agent says and does, in the order the agent sent it. */
@FunctionalInterface
public interface AgentListener {

    void onEvent(AgentEvent event);
}
