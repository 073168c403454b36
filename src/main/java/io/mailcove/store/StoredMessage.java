package io.mailcove.store;

/**
 * One message's metadata with its bytes when the store keeps them beside its row (small messages), read together;
 * {@code bytes} is null when they are to be read from the {@link BlobStore} by {@link MessageMeta#blobId()}.
 */
public record StoredMessage(MessageMeta meta, byte[] bytes) {}
