package org.pharmacyvoice.domain.call;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.pharmacyvoice.domain.pharmacy.OpeningHours;
import org.pharmacyvoice.domain.pharmacy.SpokenHours;
import org.pharmacyvoice.domain.pharmacy.StoreHours;

/**
 * The pharmacy's words for the agent: its instructions and the greeting a caller hears first. A call that comes in
 * while the pharmacy is closed by its {@code hours} (holidays included) hears {@code closedGreeting} instead (when it
 * is not empty), with {@value #NEXT_OPENING} replaced by when it opens again, and the agent's instructions end with
 * a line saying it is closed, why, and when it opens.
 */
public record CallScript(String prompt, String greeting, String closedGreeting, Optional<OpeningHours> hours) {

    /** Where the closed-hours greeting says when the pharmacy opens again ("tomorrow at 9 AM"). */
    public static final String NEXT_OPENING = "{next_opening}";
    /** Said for {@value #NEXT_OPENING} when no opening lies within a year: holidays cover all of it. */
    static final String NO_OPENING_AHEAD = "another day";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*}");

    public CallScript {
        Objects.requireNonNull(prompt, "'prompt' must not be null");
        greeting = greeting == null ? "" : greeting;
        closedGreeting = closedGreeting == null ? "" : closedGreeting;
        Objects.requireNonNull(hours, "'hours' must not be null");
        Matcher placeholder = PLACEHOLDER.matcher(closedGreeting);
        while (placeholder.find()) {
            if (!placeholder.group().equals(NEXT_OPENING)) {
                throw new IllegalArgumentException("closed-hours greeting: unknown placeholder '"
                        + placeholder.group() + "'; the only one is " + NEXT_OPENING);
            }
        }
    }

    /** Words for a line answered the same at any hour. */
    public CallScript(String prompt, String greeting) {
        this(prompt, greeting, "", Optional.empty());
    }

    /** What the agent is told and says first on a call answered at {@code now}. */
    public Words forCallAt(Instant now) {
        // While open there is nothing to add, and no need to look ahead for closings and openings.
        if (hours.isEmpty() || hours.get().isOpen(now)) {
            return new Words(prompt, greeting);
        }
        StoreHours door = hours.get().at(now);
        String reopens = door.nextOpening().map(at -> SpokenHours.when(at, door.today().date()))
                .orElse(NO_OPENING_AHEAD);
        String closedNote = "The pharmacy is closed right now (" + SpokenHours.closure(door) + ") and opens again "
                + reopens + ". Say so when it matters to the caller, for example to pick something up or to speak "
                + "with a pharmacist; refills asked for now are prepared once it opens.";
        String words = prompt.isBlank() ? closedNote : prompt.stripTrailing() + "\n\n" + closedNote;
        return new Words(words, closedGreeting.isEmpty() ? greeting : closedGreeting.replace(NEXT_OPENING, reopens));
    }

    /** The instructions and greeting of one call. */
    public record Words(String prompt, String greeting) {

        public Words {
            Objects.requireNonNull(prompt, "'prompt' must not be null");
            Objects.requireNonNull(greeting, "'greeting' must not be null");
        }
    }
}
