package io.mailcove.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What sign-up needs kept: the domains open for it, invite codes, and the requests awaiting approval. */
public interface SignupRecords {
  /** Opens (or closes) the local {@code domain} for sign-up; UNKNOWN_DOMAIN when it is not one. */
  void setDomainOpen(String domain, boolean open);

  /** The local domains open for sign-up, by name (a removed domain is not listed). */
  List<String> openDomains();

  Invite addInvite(String codeHash, String createdBy, String note, Instant created, Instant expires);

  /** Every invite, the newest first. */
  List<Invite> invites();

  Optional<Invite> inviteByCodeHash(String codeHash);

  /**
   * Marks the invite used by {@code account} if it is unused and not expired at {@code now}; false otherwise. Done
   * in one statement, so two sign-ups with the same code cannot both succeed.
   */
  boolean useInvite(String codeHash, String account, Instant now);

  /** Makes a used invite unused again (the account it was used for could not be made after all). */
  void releaseInvite(String codeHash);

  boolean removeInvite(long id);

  /** Stores a request; DUPLICATE when one for the same address is waiting. */
  SignupRequest addRequest(String address, String passwordHash, String scramSha256, String ip, Instant created);

  /** The waiting requests, the oldest first. */
  List<SignupRequest> requests();

  Optional<SignupRequest> request(long id);

  Optional<SignupRequest> requestFor(String address);

  boolean removeRequest(long id);
}
