package io.mailcove.mime;

/**
 * A message held in memory with its model: handed from the receive path to the courier so that a message queued
 * a moment ago is neither read back nor parsed again. {@code bytes} is exactly the message and is not changed after.
 */
public record HeldMessage(byte[] bytes, ParsedMessage parsed) {}
