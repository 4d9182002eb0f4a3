package org.pharmacyvoice.domain.pharmacy;

/** A name a drug is known by, generic or brand, as a caller might say it. */
public record DrugName(long drugId, String name) {
}
