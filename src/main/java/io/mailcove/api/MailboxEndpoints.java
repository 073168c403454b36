package io.mailcove.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcove.store.Mailbox;
import io.mailcove.store.MailStore;
import io.mailcove.store.MessageMeta;
import io.mailcove.store.MessageSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/mailboxes} and {@code GET /api/v1/mailboxes/{name}/messages?limit=&before=}: the token's
 * account's mailboxes, and one mailbox's messages newest first, a page at a time. {@code before} is the cursor: a
 * UID, answered as {@code next_before} while older messages remain. A name is looked up in the token's account
 * only, so another account's mailbox is never found.
 */
final class MailboxEndpoints {
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_LIMIT = 500;

  private final MailStore mail;

  MailboxEndpoints(MailStore mail) {
    this.mail = mail;
  }

  void register(List<ApiRoute> routes) {
    routes.add(new ApiRoute("GET", "/api/v1/mailboxes", Scope.READ, this::list));
    routes.add(new ApiRoute("GET", "/api/v1/mailboxes/{name+}/messages", Scope.READ, this::messages));
  }

  private Reply list(ApiRequest r) {
    ObjectNode out = Json.object();
    ArrayNode boxes = out.putArray("mailboxes");
    for (Mailbox m : mail.mailboxes(r.principal().accountId())) {
      boxes.addObject().put("name", m.name()).put("special_use", m.specialUse()).put("messages", m.messages())
          .put("unseen", m.unseen()).put("size", m.bytes()).put("selectable", !m.noSelect());
    }
    return Reply.ok(out);
  }

  private Reply messages(ApiRequest r) {
    String name = r.param("name");
    Mailbox box = mail.mailbox(r.principal().accountId(), name).filter(m -> !m.noSelect())
        .orElseThrow(() -> ApiException.notFound("no mailbox " + name));
    int limit = (int) number(r.query("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    long before = number(r.query("before"), "before", Long.MAX_VALUE, 1, Long.MAX_VALUE);
    long[] uids = mail.uids(box.id());
    int end = upperBound(uids, before); // uids[0..end) are below the cursor
    int start = Math.max(0, end - limit);
    ObjectNode out = Json.object();
    ArrayNode list = out.putArray("messages");
    if (end > start) {
      List<MessageMeta> page = new ArrayList<>(mail.messages(box.id(), uids[start], uids[end - 1]));
      Map<Long, MessageSummary> summaries = mail.summaries(box.id(), page.stream().map(MessageMeta::uid).toList());
      for (int i = page.size() - 1; i >= 0; i--) {
        MessageMeta m = page.get(i);
        summary(list.addObject(), m, summaries.get(m.uid()));
      }
    }
    out.put("next_before", start > 0 && end > start ? uids[start] : null);
    return Reply.ok(out);
  }

  /** The fields of a message in a listing (and at the top of a full message). */
  static ObjectNode summary(ObjectNode o, MessageMeta m, MessageSummary s) {
    o.put("id", new MessageId(m.mailboxId(), m.uid()).toString());
    o.put("uid", m.uid());
    if (s != null) {
      o.put("subject", s.subject()).put("from", s.from()).put("to", s.to()).put("cc", s.cc())
          .put("date", Json.time(s.sentDate())).put("message_id", s.messageId());
    }
    o.put("received", Json.time(m.internalDate()));
    o.put("size", m.size());
    ArrayNode flags = o.putArray("flags");
    m.flags().stream().sorted().forEach(flags::add);
    return o;
  }

  /** The index of the first UID at or above {@code bound}. */
  private static int upperBound(long[] uids, long bound) {
    int lo = 0;
    int hi = uids.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (uids[mid] < bound) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  static long number(String value, String name, long fallback, long min, long max) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value);
      if (n < min || n > max) {
        throw ApiException.invalid("\"" + name + "\" must be from " + min + " to " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiException.invalid("\"" + name + "\" must be a whole number");
    }
  }
}
