package io.mailcove.config;

/** A configuration problem; the message names the key, the file and line, and the fix. Exit code 2. */
public class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }
}
