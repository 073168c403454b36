package io.mailcove.admin;

/** A new invite and its code: the code is not kept (only its SHA-256), so this is the one time it is seen. */
public record NewInvite(InviteView invite, String code) {}
