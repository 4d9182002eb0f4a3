package org.pharmacyvoice.adapters.functions;

import java.sql.SQLException;

/** Recognises a write refused for a unique key, on H2 and PostgreSQL alike (SQLSTATE 23505). */
final class UniqueViolation {

    private static final String UNIQUE_VIOLATION = "23505";

    private UniqueViolation() {
    }

    /** Whether {@code error}, or one of its causes, is the database refusing a duplicate of a unique key. */
    static boolean in(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
