package io.mailcove.web.signup;

/**
 * A rough strength score (1 to 4) for the meter under the password field, for a password the policy already
 * accepts: longer, and mixing kinds of characters, scores higher. Only advice; the policy decides.
 */
final class PasswordStrength {
  private PasswordStrength() {}

  static int score(String password, int minLength) {
    int length = password.codePointCount(0, password.length());
    int kinds = 0;
    kinds += password.chars().anyMatch(Character::isLowerCase) ? 1 : 0;
    kinds += password.chars().anyMatch(Character::isUpperCase) ? 1 : 0;
    kinds += password.chars().anyMatch(Character::isDigit) ? 1 : 0;
    kinds += password.chars().anyMatch(c -> !Character.isLetterOrDigit(c)) ? 1 : 0;
    int score = 1;
    if (length >= minLength + 4) {
      score++;
    }
    if (length >= 16) {
      score++;
    }
    if (kinds >= 3) {
      score++;
    }
    if (password.chars().distinct().count() <= 3) {
      score = 1; // "aaaaaaaaaaaa" is long, not strong
    }
    return Math.min(4, score);
  }
}
