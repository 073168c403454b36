package io.mailcove.store;

import java.time.Instant;

/**
 * A sign-up waiting for an administrator: the address asked for, its password as an Argon2id hash and SCRAM keys
 * (never the password), and where and when it was asked.
 */
public record SignupRequest(long id, String address, String passwordHash, String scramSha256, String ip,
                            Instant created) {}
