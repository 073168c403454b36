package io.mailcove.admin;

/**
 * One share: the rights {@code grantee} (an address, or {@code anyone}) has on the mailbox {@code mailbox} of the
 * account {@code owner}, as RFC 4314 letters.
 */
public record ShareView(String owner, String mailbox, String grantee, String rights) {}
