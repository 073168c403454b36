package io.mailcove.admin;

/**
 * The two-factor state of an account: {@code enabled} when logins need a code (and the mail protocols take only
 * app passwords), {@code enrolling} while an enrolment waits for its first code, the recovery codes left.
 */
public record TwoFactorView(String address, boolean enabled, boolean enrolling, int recoveryCodesLeft,
                            int appPasswords) {}
