/**
 * The account page ({@code /account}): the session list with "log out" per browser and "log out everywhere", and
 * the {@link io.mailcove.web.account.AccountSection}s other parts of the door add.
 */
package io.mailcove.web.account;
