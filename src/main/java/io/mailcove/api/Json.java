package io.mailcove.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON in and out (Jackson trees): requests are read as trees and checked field by field, so every mistake gets a
 * message that names the field; nesting and string lengths are bounded on top of the body limit, and a duplicate
 * key is an error rather than "the last one wins".
 */
final class Json {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .addModule(new SimpleModule().addSerializer(Instant.class, ToStringSerializer.instance))
      .build();

  static {
    MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32)
        .maxNumberLength(40).build());
  }

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** The request body as a JSON object, or 400 {@code invalid_json} saying where it went wrong. */
  static ObjectNode parseObject(byte[] body) {
    JsonNode node;
    try {
      node = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr();
      throw ApiException.badJson("the body is not valid JSON" + where + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw ApiException.badJson("the body cannot be read as JSON: " + e.getMessage());
    }
    if (node == null || node.isMissingNode()) {
      throw ApiException.badJson("the body is empty; a JSON object is expected");
    }
    if (!node.isObject()) {
      throw ApiException.badJson("the body is JSON but not an object");
    }
    return (ObjectNode) node;
  }

  static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serializes", e);
    }
  }

  /** The error body of the API. */
  static byte[] error(String code, String message) {
    ObjectNode error = object();
    error.putObject("error").put("code", code).put("message", message);
    return bytes(error);
  }

  /** A record of the admin service as JSON: snake_case names, instants in ISO 8601. */
  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  static String time(Instant t) {
    return t == null ? null : t.toString();
  }

  /** Refuses fields the endpoint does not know: a typo is not silently ignored. */
  static void onlyFields(ObjectNode body, String... known) {
    List<String> allowed = List.of(known);
    for (var it = body.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw ApiException.invalid("unknown field \"" + f + "\"; the fields are " + String.join(", ", allowed));
      }
    }
  }

  /** An optional string field: null when absent or null. */
  static String string(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.invalid("\"" + field + "\" must be a string");
    }
    return n.textValue();
  }

  static String requiredString(ObjectNode body, String field) {
    String s = string(body, field);
    if (s == null || s.isBlank()) {
      throw ApiException.invalid("\"" + field + "\" is required");
    }
    return s;
  }

  /** An optional array of strings: empty when absent; a single string counts as one. */
  static List<String> strings(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    List<String> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isTextual()) {
      out.add(n.textValue());
      return out;
    }
    if (!n.isArray()) {
      throw ApiException.invalid("\"" + field + "\" must be an array of strings");
    }
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw ApiException.invalid("\"" + field + "\" must be an array of strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  static Boolean bool(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isBoolean()) {
      throw ApiException.invalid("\"" + field + "\" must be true or false");
    }
    return n.booleanValue();
  }

  static Long integer(ObjectNode body, String field) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw ApiException.invalid("\"" + field + "\" must be a whole number");
    }
    return n.longValue();
  }
}
