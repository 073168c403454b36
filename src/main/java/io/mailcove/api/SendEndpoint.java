package io.mailcove.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.log.Log;
import io.mailcove.mime.MessageParser;
import io.mailcove.pipeline.Pipeline;
import io.mailcove.pipeline.Verdict;
import io.mailcove.store.Account;
import io.mailcove.store.Addresses;
import io.mailcove.store.AppendResult;
import io.mailcove.store.BlobRef;
import io.mailcove.store.Mailbox;
import io.mailcove.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code POST /api/v1/messages}: builds a MIME message from JSON ({@link MessageComposer}) and submits it through
 * the receive pipeline as an authenticated submission would be (the sender must be one of the account's
 * addresses, in the envelope and in From; DKIM signing and the queue for remote recipients, delivery for local
 * ones), then keeps a copy, with its Bcc, in the account's Sent mailbox. Answers 202 with the queue id once the
 * message is durable; delivery goes on in the background.
 */
final class SendEndpoint {
  private static final Log LOG = Log.of(SendEndpoint.class);
  static final int MAX_RECIPIENTS = 100;
  static final int MAX_ATTACHMENTS = 50;
  private static final Pattern MEDIA_TYPE = Pattern.compile("[A-Za-z0-9!#$&^_.+-]{1,64}/[A-Za-z0-9!#$&^_.+-]{1,64}");

  private final Pipeline pipeline;
  private final Store store;
  private final String hostname;
  private final Clock clock;

  SendEndpoint(Pipeline pipeline, Store store, String hostname, Clock clock) {
    this.pipeline = pipeline;
    this.store = store;
    this.hostname = hostname;
    this.clock = clock;
  }

  void register(List<ApiRoute> routes) {
    routes.add(new ApiRoute("POST", "/api/v1/messages", Scope.SEND, this::send));
  }

  private Reply send(ApiRequest r) throws IOException {
    ObjectNode body = r.json();
    MessageComposer.Draft draft = draft(body);
    Account account = r.principal().account();
    String messageId = MessageComposer.newMessageId(hostname);
    ZonedDateTime now = ZonedDateTime.now(clock);
    byte[] message = MessageComposer.compose(draft, messageId, now, false);
    r.reserve(2L * message.length);
    Set<String> unique = new LinkedHashSet<>(draft.to());
    unique.addAll(draft.cc());
    unique.addAll(draft.bcc());
    List<String> recipients = List.copyOf(unique);
    boolean utf8 = recipients.stream().anyMatch(a -> !a.chars().allMatch(c -> c < 0x80))
        || !draft.from().chars().allMatch(c -> c < 0x80);
    String cid = "api-" + messageId.substring(0, 12);
    Pipeline.Submission s = pipeline.submit(account, r.remote(), draft.from(), recipients, message, utf8, cid);
    if (s.verdict().refuses()) {
      String why = s.verdict().reply() + (s.refusedRecipient() == null ? "" : " (recipient "
          + s.refusedRecipient() + ")");
      if (s.verdict().kind() == Verdict.Kind.TEMPFAIL) {
        throw new ApiException(503, "try_again_later", "the message was not accepted for now: " + why);
      }
      throw new ApiException(422, "message_refused", "the message was refused: " + why);
    }
    boolean sentCopy = keepInSent(account, MessageComposer.compose(draft, messageId, now, true));
    ObjectNode out = Json.object();
    out.put("id", s.id());
    out.put("message_id", messageId);
    out.put("queue_id", s.queueIds().isEmpty() ? null : s.queueIds().get(0));
    ArrayNode ids = out.putArray("queue_ids");
    s.queueIds().forEach(ids::add);
    out.put("delivered_locally", s.mailboxes());
    out.put("saved_to_sent", sentCopy);
    LOG.info("api.sent", "cid", cid, "id", s.id(), "account", account.address(), "recipients", recipients.size(),
        "queue", s.queueIds());
    return Reply.json(202, out);
  }

  /** The sender's copy, seen, in the mailbox with the \Sent attribute (RFC 6154) or named Sent; false if none. */
  private boolean keepInSent(Account account, byte[] copy) throws IOException {
    List<Mailbox> boxes = store.mail().mailboxes(account.id());
    Mailbox sent = boxes.stream().filter(b -> "\\Sent".equalsIgnoreCase(b.specialUse())).findFirst()
        .or(() -> boxes.stream().filter(b -> b.name().equalsIgnoreCase("Sent")).findFirst()).orElse(null);
    if (sent == null) {
      return false;
    }
    BlobRef blob = store.blobs().put(copy);
    AppendResult a = store.mail().append(sent.id(), blob, MessageParser.summarize(copy), Set.of("\\Seen"),
        clock.instant());
    if (!a.ok()) {
      LOG.info("api.sent_copy_failed", "account", account.address(), "error", a.error());
    }
    return a.ok();
  }

  private static MessageComposer.Draft draft(ObjectNode body) {
    Json.onlyFields(body, "from", "to", "cc", "bcc", "subject", "text", "html", "attachments", "in_reply_to");
    String from = address(Json.requiredString(body, "from"), "from");
    List<String> to = addresses(Json.strings(body, "to"), "to");
    List<String> cc = addresses(Json.strings(body, "cc"), "cc");
    List<String> bcc = addresses(Json.strings(body, "bcc"), "bcc");
    int count = to.size() + cc.size() + bcc.size();
    if (count == 0) {
      throw ApiException.invalid("give at least one recipient in to, cc or bcc");
    }
    if (count > MAX_RECIPIENTS) {
      throw ApiException.invalid("at most " + MAX_RECIPIENTS + " recipients in all");
    }
    String subject = Json.string(body, "subject");
    if (subject != null && (subject.length() > 998 || subject.chars().anyMatch(c -> c < 0x20 && c != '\t'))) {
      throw ApiException.invalid("\"subject\" has at most 998 characters and no line breaks or control characters");
    }
    String text = Json.string(body, "text");
    String html = Json.string(body, "html");
    List<MessageComposer.Attachment> attachments = attachments(body.get("attachments"));
    if (text == null && html == null && attachments.isEmpty()) {
      throw ApiException.invalid("give text, html or attachments");
    }
    String inReplyTo = Json.string(body, "in_reply_to");
    if (inReplyTo != null) {
      inReplyTo = inReplyTo.strip().replaceAll("^<|>$", "");
      if (!inReplyTo.matches("[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,250}@[\\x21-\\x3b\\x3d\\x3f-\\x7e]{1,250}")) {
        throw ApiException.invalid("\"in_reply_to\" is not a Message-ID");
      }
    }
    return new MessageComposer.Draft(from, to, cc, bcc, subject, text, html, attachments, inReplyTo);
  }

  private static List<MessageComposer.Attachment> attachments(JsonNode node) {
    List<MessageComposer.Attachment> out = new ArrayList<>();
    if (node == null || node.isNull()) {
      return out;
    }
    if (!node.isArray()) {
      throw ApiException.invalid("\"attachments\" must be an array of objects");
    }
    if (node.size() > MAX_ATTACHMENTS) {
      throw ApiException.invalid("at most " + MAX_ATTACHMENTS + " attachments");
    }
    int i = 0;
    for (JsonNode a : node) {
      String at = "attachments[" + i++ + "]";
      if (!a.isObject()) {
        throw ApiException.invalid(at + " must be an object with filename, content_type and content");
      }
      ObjectNode o = (ObjectNode) a;
      for (var it = o.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (!List.of("filename", "content_type", "content").contains(f)) {
          throw ApiException.invalid(at + " has an unknown field \"" + f + "\"");
        }
      }
      String filename = stringIn(o, "filename", at);
      if (filename != null && (filename.isBlank() || filename.length() > 255
          || filename.chars().anyMatch(c -> c < 0x20 || c == 0x7f))) {
        throw ApiException.invalid(at + ".filename has 1 to 255 characters and no control characters");
      }
      String type = stringIn(o, "content_type", at);
      if (type == null) {
        type = "application/octet-stream";
      } else if (!MEDIA_TYPE.matcher(type).matches()) {
        throw ApiException.invalid(at + ".content_type \"" + type + "\" is not a media type such as "
            + "application/pdf");
      }
      String content = stringIn(o, "content", at);
      if (content == null) {
        throw ApiException.invalid(at + ".content is required (the file in base64)");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(content.replaceAll("[\\r\\n ]", ""));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(at + ".content is not valid base64 (RFC 4648 §4): " + e.getMessage());
      }
      out.add(new MessageComposer.Attachment(filename, type.toLowerCase(java.util.Locale.ROOT), bytes));
    }
    return out;
  }

  private static String stringIn(ObjectNode o, String field, String at) {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      throw ApiException.invalid(at + "." + field + " must be a string");
    }
    return n.textValue();
  }

  private static List<String> addresses(List<String> values, String field) {
    List<String> out = new ArrayList<>();
    for (String v : values) {
      out.add(address(v, field));
    }
    return out;
  }

  private static String address(String value, String field) {
    String a = value == null ? "" : value.strip();
    if (!Addresses.isValid(a)) {
      throw ApiException.invalid("\"" + field + "\": \"" + value + "\" is not an email address (local@domain)");
    }
    return a;
  }
}
