package io.mailcove.web.account;

/** One line of the session list: the device, the address, when it was last used, and whether it is this browser. */
public record SessionRow(long id, String device, String ip, String lastSeen, String lastSeenIso, String started,
                         boolean current) {}
