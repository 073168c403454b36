package io.mailcove.store;

import java.time.Instant;

/**
 * A logged-in browser. {@code tokenHash} is the SHA-256 (hex) of the cookie's session id, which is never stored;
 * {@code id} is the public handle shown on the account page (to log that one browser out).
 */
public record WebSession(long id, String tokenHash, String account, String csrfToken, Instant created,
                         Instant lastSeen, String ip, String userAgent) {}
