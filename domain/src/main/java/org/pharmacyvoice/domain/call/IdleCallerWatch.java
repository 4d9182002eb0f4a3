package org.pharmacyvoice.domain.call;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Keeps a call from hanging on a caller who has gone quiet. The silence counts from the moment the caller has heard
 * the end of the agent's turn (the echo of the mark after its audio; the greeting is a turn too): after the idle
 * timeout the agent asks whether they are still there, after as long again it says goodbye, and once the caller has
 * heard the goodbye the call ends. Anything the caller does (speaking, a line of theirs, a key) starts over; the
 * silence does not count while the agent speaks or its tools are at work, nor during the caller's own turn.
 *
 * <p>Thread-safe. Time comes in as {@link System#nanoTime()} values and nothing here waits or schedules: the call's
 * watchdog asks {@link #due} and then calls {@link #tick}, so tests drive it with made-up times.
 */
final class IdleCallerWatch {

    private static final System.Logger LOG = System.getLogger(IdleCallerWatch.class.getName());

    /** The longest the goodbye may take to be said and heard back before the call ends anyway. */
    static final Duration GOODBYE_WAIT = Duration.ofSeconds(15);

    /** What the watch needs from its call. */
    interface Call {

        /** Has the agent say {@code text} to the caller; false when no agent is ready or the send failed. */
        boolean say(String text);

        /** Ends the call: the caller stayed idle. */
        void hangUp();
    }

    private enum Stage {
        /** Nothing said yet: the next silence gets the question. */
        LISTENING,
        /** Asked whether the caller is still there: the next silence gets the goodbye. */
        ASKED,
        /** The goodbye is on its way: the call ends once the caller has heard it. */
        SAYING_GOODBYE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final String callSid;
    private final long timeout;
    private final AgentPhrases phrases;
    private final Call call;

    private Stage stage = Stage.LISTENING;
    /** From a caller's first sound until the agent's next turn: whatever happens, it is not the caller's silence. */
    private boolean callerTurn;
    private boolean agentSpeaking;
    private boolean toolsAtWork;
    /** The mark whose echo says the caller has heard the agent's turn end; null when none is awaited. */
    private String awaitedMark;
    /**
     * The last mark echoed while none was awaited: the turn's last mark may be echoed before the turn's end reaches
     * us (Twilio echoes at once when nothing is left to play). Mark names are never reused, so it can't be an old one.
     */
    private String lastEchoed;
    /** Since when the caller has been silent, while the silence counts. */
    private boolean quiet;
    private long quietSince;
    private long hangUpBy;
    private boolean hungUp;
    /** When the watchdog should call {@link #tick} next; read without the lock, which a slow send may hold. */
    private volatile OptionalLong dueAt = OptionalLong.empty();

    /** A watch that never fires when {@code timeout} is zero. */
    IdleCallerWatch(String callSid, Duration timeout, AgentPhrases phrases, Call call) {
        this.callSid = callSid;
        this.timeout = timeout.toNanos();
        this.phrases = phrases;
        this.call = call;
    }

    /** The agent began a turn (it started speaking, or a line of its reply arrived): the silence stops counting. */
    void agentTurnStarted() {
        change(() -> {
            agentSpeaking = true;
            callerTurn = false;
            quiet = false;
            awaitedMark = null;
        });
    }

    /**
     * The agent has sent all audio of its turn; {@code heardMark} is the mark whose echo says the caller has heard it,
     * null if the turn had no audio. The end of a reply the caller interrupted changes nothing.
     */
    void agentTurnEnded(String heardMark, long now) {
        boolean goodbyeHeard = decide(() -> {
            agentSpeaking = false;
            if (callerTurn) {
                return false;
            }
            if (heardMark == null || heardMark.equals(lastEchoed)) {
                return heard(now);
            }
            // Still playing to the caller: the silence starts once they have heard it.
            awaitedMark = heardMark;
            quiet = false;
            return false;
        });
        if (goodbyeHeard) {
            hangUp("the caller has heard the goodbye");
        }
    }

    /** The caller side played up to mark {@code name}. */
    void markPlayed(String name, long now) {
        boolean goodbyeHeard = decide(() -> {
            if (awaitedMark == null || !awaitedMark.equals(name)) {
                lastEchoed = name;
                return false;
            }
            awaitedMark = null;
            return heard(now);
        });
        if (goodbyeHeard) {
            hangUp("the caller has heard the goodbye");
        }
    }

    /** The caller did something (spoke, pressed a key, a line of theirs arrived): the watch starts over. */
    void callerActive() {
        change(() -> {
            if (stage != Stage.LISTENING) {
                LOG.log(Level.INFO, "[{0}] the caller is back{1}", callSid,
                        stage == Stage.SAYING_GOODBYE ? " during the goodbye; the call goes on" : "");
            }
            stage = Stage.LISTENING;
            callerTurn = true;
            quiet = false;
            awaitedMark = null;
        });
    }

    /** The agent's tools began working for the caller: the silence stops counting. */
    void toolsBegan() {
        change(() -> {
            toolsAtWork = true;
            quiet = false;
        });
    }

    /**
     * The agent's tools have all answered (or been dropped). Unless someone's turn is under way, the silence counts
     * from now: the agent should speak the answer, and if it says nothing the caller is left waiting all the same.
     */
    void toolsEnded(long now) {
        change(() -> {
            toolsAtWork = false;
            if (!callerTurn && !agentSpeaking && awaitedMark == null && stage != Stage.SAYING_GOODBYE) {
                quietFrom(now);
            }
        });
    }

    /** Whether a silence has run out or the goodbye has taken too long, so {@link #tick} has work; never blocks. */
    boolean due(long now) {
        OptionalLong at = dueAt;
        return at.isPresent() && now - at.getAsLong() >= 0;
    }

    /** Asks, says goodbye, or ends the call, whichever the time has come for. */
    void tick(long now) {
        String hangUpBecause = null;
        lock.lock();
        try {
            if (hungUp || !due(now)) {
                return;
            }
            switch (stage) {
                case LISTENING -> {
                    if (call.say(phrases.stillThere())) {
                        LOG.log(Level.INFO, "[{0}] the caller has been silent for {1,number,#.#} s; the agent asks "
                                + "whether they are still there", callSid, timeout / 1e9);
                        stage = Stage.ASKED;
                    }
                    // Counted from now in case the agent never says it; its turn stops the count, its end restarts it.
                    quietFrom(now);
                }
                case ASKED -> {
                    if (call.say(phrases.goodbye())) {
                        LOG.log(Level.INFO, "[{0}] the caller stayed silent after being asked; the agent says "
                                + "goodbye", callSid);
                        stage = Stage.SAYING_GOODBYE;
                        quiet = false;
                        // Only the goodbye's own end counts as heard, not a late echo of the question's.
                        awaitedMark = null;
                        hangUpBy = now + GOODBYE_WAIT.toNanos();
                    } else {
                        hangUpBecause = "the caller stayed silent after being asked, and no agent is there to say "
                                + "goodbye";
                    }
                }
                case SAYING_GOODBYE -> hangUpBecause = "the goodbye was not heard back within "
                        + GOODBYE_WAIT.toSeconds() + " s";
            }
            if (hangUpBecause != null) {
                hungUp = true;
            }
            dueAt = nextDue();
        } finally {
            lock.unlock();
        }
        if (hangUpBecause != null) {
            LOG.log(Level.INFO, "[{0}] ending the call: {1}", callSid, hangUpBecause);
            call.hangUp();
        }
    }

    /** The caller has heard the end of the agent's turn; true when that turn was the goodbye. Must hold the lock. */
    private boolean heard(long now) {
        if (stage == Stage.SAYING_GOODBYE) {
            if (hungUp) {
                return false;
            }
            hungUp = true;
            return true;
        }
        if (!toolsAtWork) {
            quietFrom(now);
        }
        return false;
    }

    private void quietFrom(long now) {
        quiet = true;
        quietSince = now;
    }

    /**
     * Runs {@code step} under the lock and works out when the watch is due next; returns the step's verdict on
     * whether the call is to end. Does nothing when the timeout is zero.
     */
    private boolean decide(BooleanSupplier step) {
        if (timeout == 0) {
            return false;
        }
        lock.lock();
        try {
            boolean hangUpNow = step.getAsBoolean();
            dueAt = nextDue();
            return hangUpNow;
        } finally {
            lock.unlock();
        }
    }

    private void change(Runnable step) {
        decide(() -> {
            step.run();
            return false;
        });
    }

    private OptionalLong nextDue() {
        if (hungUp) {
            return OptionalLong.empty();
        }
        if (stage == Stage.SAYING_GOODBYE) {
            return OptionalLong.of(hangUpBy);
        }
        return quiet ? OptionalLong.of(quietSince + timeout) : OptionalLong.empty();
    }

    private void hangUp(String why) {
        LOG.log(Level.INFO, "[{0}] ending the call: {1}", callSid, why);
        call.hangUp();
    }
}
