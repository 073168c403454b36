package io.mailcove.admin;

import java.util.List;

/**
 * A local domain: {@code name} in ASCII (punycode for an IDN), {@code unicodeName} as people write it, how many
 * accounts and aliases it has, and where its catch-all delivers (empty when it has none).
 */
public record DomainView(String name, String unicodeName, int accounts, int aliases, List<String> catchAll) {}
