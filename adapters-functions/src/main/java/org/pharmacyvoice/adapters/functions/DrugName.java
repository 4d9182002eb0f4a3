package org.pharmacyvoice.adapters.functions;

/** A name a drug is known by, generic or brand, as a caller might say it. */
record DrugName(long drugId, String name) {
}
