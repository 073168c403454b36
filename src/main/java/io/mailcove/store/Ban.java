package io.mailcove.store;

import java.time.Instant;

/** A temporary ban of a remote IP address after repeated authentication failures. */
public record Ban(String ip, Instant until, String reason, Instant created) {}
