package io.mailcove.store;

import java.util.List;

/** COPYUID data (RFC 4315): destination UIDVALIDITY, source UIDs and the UIDs they got, in the same order. */
public record CopyResult(long uidValidity, List<Long> sourceUids, List<Long> destinationUids) {}
