package io.mailcove.store;

/** A stored message body: the hex SHA-256 of its bytes, and its length. */
public record BlobRef(String id, long size) {}
