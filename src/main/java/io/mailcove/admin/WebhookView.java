package io.mailcove.admin;

import java.time.Instant;
import java.util.List;

/** One webhook as shown: its account (null: every account's events, for the administrators), never its secret. */
public record WebhookView(long id, String account, String url, List<String> events, Instant created) {}
