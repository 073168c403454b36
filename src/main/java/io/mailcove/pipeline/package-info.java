/**
 * The receive pipeline: every way a message enters Mailcove goes through here, in this order.
 *
 * <ol>
 *   <li><b>Entry.</b> {@link io.mailcove.pipeline.Pipeline#open} for a client of SMTP on port 25
 *       ({@link io.mailcove.pipeline.ListenerKind#MX}) or 587/465 ({@code SUBMISSION}), one
 *       {@link io.mailcove.pipeline.Session} per connection; {@link io.mailcove.pipeline.Pipeline#handoff} for the
 *       queue's hand-off of mail for our own domains ({@code LOCAL}). The protocol code only parses commands and
 *       frames the data, and asks the session at each stage.</li>
 *   <li><b>Connect</b> ({@link io.mailcove.pipeline.Session#connect}): {@link io.mailcove.pipeline.BanCheck}.</li>
 *   <li><b>HELO</b> ({@link io.mailcove.pipeline.Session#helo}).</li>
 *   <li><b>MAIL</b> ({@link io.mailcove.pipeline.Session#mail}): the {@link io.mailcove.pipeline.Envelope};
 *       {@link io.mailcove.pipeline.SizeLimit}, {@link io.mailcove.pipeline.SenderOwnership}.</li>
 *   <li><b>RCPT</b> ({@link io.mailcove.pipeline.Session#rcpt}): {@link io.mailcove.pipeline.Router} finds the
 *       {@link io.mailcove.pipeline.Route} (accounts, aliases, SRS bounces, remote domains);
 *       {@link io.mailcove.pipeline.RecipientLimit}, {@link io.mailcove.pipeline.RelayPolicy}; the recipient's
 *       {@link io.mailcove.pipeline.Target}s join the envelope.</li>
 *   <li><b>Message</b> ({@link io.mailcove.pipeline.Session#message}): the message, parsed while its bytes were
 *       written ({@link io.mailcove.pipeline.MessageBuffer}), is one {@link io.mailcove.pipeline.Message} with one
 *       model ({@code mime.ParsedMessage}) for every check; {@link io.mailcove.pipeline.HeaderChecks},
 *       {@link io.mailcove.pipeline.LocalSenderMark}, {@link io.mailcove.pipeline.SenderOwnership},
 *       {@link io.mailcove.pipeline.SubmissionHeaders}; the trace fields are added.</li>
 *   <li><b>Delivery</b> ({@link io.mailcove.pipeline.Delivery}): mailbox targets through
 *       {@code delivery.LocalDelivery} (INBOX, or Junk when a check quarantined the message), remote targets through
 *       the {@link io.mailcove.pipeline.Outbox} (the queue), notices owed through
 *       {@link io.mailcove.pipeline.Notices}.</li>
 * </ol>
 *
 * <p>Each stage runs the {@link io.mailcove.pipeline.Check}s that {@link io.mailcove.pipeline.Checks} lists for the
 * listener kind, in order; the first refusing {@link io.mailcove.pipeline.Verdict} ends the stage. This package
 * depends on the store and on nothing of the protocols: they depend on it, and the queue implements its
 * {@link io.mailcove.pipeline.Outbox} and {@link io.mailcove.pipeline.Notices}.
 */
package io.mailcove.pipeline;
