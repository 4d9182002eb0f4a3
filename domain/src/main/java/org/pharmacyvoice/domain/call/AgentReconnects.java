package org.pharmacyvoice.domain.call;

import java.time.Duration;
import java.util.List;
import org.pharmacyvoice.domain.agent.AgentBriefing;
import org.pharmacyvoice.domain.telephony.ConversationLine;

/**
 * How a call gets its agent back after losing it: a budget of new connections for the whole call, a wait before
 * each that doubles from the first, and a briefing that replays the conversation so far instead of greeting the
 * caller again. Not thread-safe: the bridge uses it under its lock.
 */
final class AgentReconnects {

    /** Lines of transcript replayed to a new agent connection; older ones are summarised by what follows. */
    static final int MAX_REPLAYED_LINES = 50;
    /** The wait stops doubling here (about 4 minutes from 250 ms), long before anyone would wait that long. */
    private static final int MAX_DOUBLINGS = 10;

    private final int budget;
    private final Duration firstWait;
    private int used;

    AgentReconnects(int budget, Duration firstWait) {
        this.budget = budget;
        this.firstWait = firstWait;
    }

    /** Takes one reconnect from the budget: its number (1 for the first), or -1 when the budget is spent. */
    int take() {
        if (used >= budget) {
            return -1;
        }
        return ++used;
    }

    int budget() {
        return budget;
    }

    /** The wait before reconnect number {@code n}: the first wait, doubled for each reconnect before it. */
    Duration waitBefore(int n) {
        return firstWait.multipliedBy(1L << Math.min(n - 1, MAX_DOUBLINGS));
    }

    /** The briefing for a new connection: the same prompt and tools, no greeting, the recent conversation. */
    static AgentBriefing resumed(AgentBriefing first, List<ConversationLine> transcript) {
        List<ConversationLine> recent = transcript.subList(Math.max(0, transcript.size() - MAX_REPLAYED_LINES),
                transcript.size());
        return new AgentBriefing(first.prompt(), "", first.tools(), List.copyOf(recent));
    }
}
