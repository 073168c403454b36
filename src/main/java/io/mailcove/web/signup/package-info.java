/**
 * Web sign-up ({@code /signup}) under the {@code [web] signup} policy, with live checks of the username and the
 * password; the rules and records are {@link io.mailcove.admin.SignupAdmin}'s.
 */
package io.mailcove.web.signup;
