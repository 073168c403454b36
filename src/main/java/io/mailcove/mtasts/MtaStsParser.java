package io.mailcove.mtasts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Parses the TXT record (RFC 8461 §3.1) and the policy file (§3.2). */
public final class MtaStsParser {
  /** RFC 8461 §3.2: max_age is at most one year. */
  static final long MAX_AGE_LIMIT = 31_557_600L;

  private MtaStsParser() {}

  /** The id of a "v=STSv1; id=..." record, or null when the record is not a valid MTA-STS record. */
  public static String recordId(String txt) {
    String[] fields = txt.split(";");
    if (fields.length < 2 || !fields[0].trim().equals("v=STSv1")) {
      return null;
    }
    for (int i = 1; i < fields.length; i++) {
      String f = fields[i].trim();
      if (f.startsWith("id=")) {
        String id = f.substring(3).trim();
        return id.matches("[A-Za-z0-9]{1,32}") ? id : null;
      }
    }
    return null;
  }

  /** Parses a policy file; throws IllegalArgumentException with the reason when it is invalid. */
  public static MtaStsPolicy parsePolicy(String text, String id, Instant now) {
    String version = null;
    MtaStsPolicy.Mode mode = null;
    Long maxAge = null;
    List<String> mx = new ArrayList<>();
    for (String raw : text.split("\r?\n")) {
      String line = raw.trim();
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("malformed line: " + line);
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      switch (key) {
        case "version" -> version = value;
        case "mode" -> {
          mode = switch (value) {
            case "enforce" -> MtaStsPolicy.Mode.ENFORCE;
            case "testing" -> MtaStsPolicy.Mode.TESTING;
            case "none" -> MtaStsPolicy.Mode.NONE;
            default -> throw new IllegalArgumentException("unknown mode " + value);
          };
        }
        case "max_age" -> {
          try {
            maxAge = Math.min(MAX_AGE_LIMIT, Long.parseLong(value));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max_age is not a number: " + value);
          }
        }
        case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
        default -> {
          // §3.2: unknown fields are ignored
        }
      }
    }
    if (!"STSv1".equals(version)) {
      throw new IllegalArgumentException("version is not STSv1");
    }
    if (mode == null || maxAge == null) {
      throw new IllegalArgumentException("mode and max_age are required");
    }
    if (mode != MtaStsPolicy.Mode.NONE && mx.isEmpty()) {
      throw new IllegalArgumentException("no mx patterns");
    }
    return new MtaStsPolicy(mode, List.copyOf(mx), maxAge, id, now.plusSeconds(maxAge));
  }
}
