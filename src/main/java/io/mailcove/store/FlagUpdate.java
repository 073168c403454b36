package io.mailcove.store;

import java.util.List;

/**
 * The outcome of a flag change: messages whose flags changed (with their new modseq) and, for a conditional STORE
 * (RFC 7162 UNCHANGEDSINCE), the UIDs that were not changed because their modseq was higher.
 */
public record FlagUpdate(List<MessageMeta> updated, List<Long> modifiedSinceFailed) {}
