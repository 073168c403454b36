package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.store.BlobStore;
import io.mailcove.store.CopyResult;
import io.mailcove.store.FlagMode;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MailStore;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One message of the token's account: {@code GET /api/v1/messages/{id}} (fields, text, sanitized HTML,
 * attachments), {@code GET .../raw} (the message as stored), {@code PATCH} (flags, mailbox) and {@code DELETE}.
 * The id's mailbox must belong to the token's account; any other id is answered 404, as one that never existed.
 */
final class MessageEndpoints {
  /** RFC 9051 §2.3.2: the system flags a client may set ("\Recent" is the server's). */
  static final Set<String> SYSTEM_FLAGS = Set.of("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft");
  private static final int MAX_KEYWORD = 100;

  private final MailStore mail;
  private final BlobStore blobs;

  MessageEndpoints(MailStore mail, BlobStore blobs) {
    this.mail = mail;
    this.blobs = blobs;
  }

  void register(List<ApiRoute> routes) {
    routes.add(new ApiRoute("GET", "/api/v1/messages/{id}", Scope.READ, this::get));
    routes.add(new ApiRoute("GET", "/api/v1/messages/{id}/raw", Scope.READ, this::raw));
    routes.add(new ApiRoute("PATCH", "/api/v1/messages/{id}", Scope.WRITE, this::patch));
    routes.add(new ApiRoute("DELETE", "/api/v1/messages/{id}", Scope.WRITE, this::delete));
  }

  private record Located(Mailbox mailbox, MessageMeta meta) {}

  private Located locate(ApiRequest r) {
    String id = r.param("id");
    MessageId mid = MessageId.parse(id);
    Mailbox box = mail.mailboxById(mid.mailboxId()).filter(b -> b.accountId() == r.principal().accountId())
        .orElseThrow(() -> ApiException.notFound("no message " + id));
    MessageMeta meta = mail.messages(box.id(), mid.uid(), mid.uid()).stream().findFirst()
        .orElseThrow(() -> ApiException.notFound("no message " + id));
    return new Located(box, meta);
  }

  private byte[] content(ApiRequest r, MessageMeta m) throws IOException {
    r.reserve(m.size());
    return blobs.read(m.blobId());
  }

  private Reply get(ApiRequest r) throws IOException {
    Located l = locate(r);
    ObjectNode out = describe(l);
    return Reply.ok(MessageReader.read(content(r, l.meta()), out));
  }

  private ObjectNode describe(Located l) {
    MessageSummary s = mail.summaries(l.mailbox().id(), List.of(l.meta().uid())).get(l.meta().uid());
    ObjectNode out = MailboxEndpoints.summary(Json.object(), l.meta(), s);
    out.put("mailbox", l.mailbox().name());
    return out;
  }

  private Reply raw(ApiRequest r) throws IOException {
    Located l = locate(r);
    return Reply.raw("message/rfc822", content(r, l.meta()));
  }

  private Reply patch(ApiRequest r) {
    ObjectNode body = r.json();
    Json.onlyFields(body, "flags", "add_flags", "remove_flags", "mailbox");
    boolean replace = body.has("flags");
    Set<String> flags = flags(Json.strings(body, "flags"));
    Set<String> add = flags(Json.strings(body, "add_flags"));
    Set<String> remove = flags(Json.strings(body, "remove_flags"));
    String target = Json.string(body, "mailbox");
    if (!replace && add.isEmpty() && remove.isEmpty() && target == null) {
      throw ApiException.invalid("nothing to change: give flags, add_flags, remove_flags or mailbox");
    }
    if (replace && (!add.isEmpty() || !remove.isEmpty())) {
      throw ApiException.invalid("give either flags (the whole set) or add_flags/remove_flags, not both");
    }
    Located l = locate(r);
    Mailbox to = null;
    if (target != null) {
      to = mail.mailbox(r.principal().accountId(), target).filter(m -> !m.noSelect())
          .orElseThrow(() -> ApiException.invalid("no mailbox " + target + " to move the message to"));
    }
    long box = l.mailbox().id();
    List<Long> uid = List.of(l.meta().uid());
    if (replace) {
      mail.storeFlags(box, uid, FlagMode.REPLACE, flags, 0);
    }
    if (!add.isEmpty()) {
      mail.storeFlags(box, uid, FlagMode.ADD, add, 0);
    }
    if (!remove.isEmpty()) {
      mail.storeFlags(box, uid, FlagMode.REMOVE, remove, 0);
    }
    if (to != null && to.id() != box) {
      CopyResult moved = mail.move(box, uid, to.id());
      if (moved.destinationUids().isEmpty()) {
        throw ApiException.notFound("no message " + r.param("id"));
      }
      long newUid = moved.destinationUids().get(0);
      MessageMeta meta = mail.messages(to.id(), newUid, newUid).get(0);
      return Reply.ok(describe(new Located(to, meta)));
    }
    return Reply.ok(describe(locate(r)));
  }

  private Reply delete(ApiRequest r) {
    Located l = locate(r);
    mail.expunge(l.mailbox().id(), List.of(l.meta().uid()));
    return Reply.noContent();
  }

  /** Valid flags: the system flags in any case, spelled canonically, and IMAP keywords (atoms). */
  static Set<String> flags(List<String> names) {
    Set<String> out = new LinkedHashSet<>();
    for (String n : names) {
      if (n.startsWith("\\")) {
        String canonical = SYSTEM_FLAGS.stream().filter(f -> f.equalsIgnoreCase(n)).findFirst()
            .orElseThrow(() -> ApiException.invalid("\"" + n + "\" is not a flag a client may set; the system "
                + "flags are \\Seen, \\Answered, \\Flagged, \\Deleted, \\Draft"));
        out.add(canonical);
      } else if (isAtom(n)) {
        out.add(n);
      } else {
        throw ApiException.invalid("\"" + n + "\" is not a keyword: 1 to " + MAX_KEYWORD
            + " printable ASCII characters without spaces or ( ) { % * \" \\ ]");
      }
    }
    return out;
  }

  /** RFC 9051 §9: atom = 1*ATOM-CHAR. */
  private static boolean isAtom(String s) {
    if (s.isEmpty() || s.length() > MAX_KEYWORD) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c <= ' ' || c >= 0x7f || "(){%*\"\\]".indexOf(c) >= 0) {
        return false;
      }
    }
    return !s.toLowerCase(Locale.ROOT).equals("nil");
  }
}
