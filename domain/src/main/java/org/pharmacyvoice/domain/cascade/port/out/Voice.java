package org.pharmacyvoice.domain.cascade.port.out;

/** One call's open speech synthesis. Safe to use from several threads. */
public interface Voice {

    /**
     * Speaks {@code text} (a sentence or so) after everything given before it: its audio arrives as
     * {@link Spoken.Audio} events, followed by one {@link Spoken.Done} when all of it has been delivered.
     */
    void say(String text);

    /**
     * Drops everything given so far, spoken or waiting (the caller barged in): once this returns, no
     * {@link Spoken.Audio} and no {@link Spoken.Done} for that text arrives. Text given afterwards is spoken.
     */
    void hush();

    /** Closes the voice; calling it again does nothing. No event arrives after it returns, not even Lost. */
    void close();
}
