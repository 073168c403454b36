package io.mailcove.store;

import java.time.Instant;

/** A local domain. {@code name} is lower-case ASCII (punycode for IDN). */
public record Domain(long id, String name, Instant created) {}
