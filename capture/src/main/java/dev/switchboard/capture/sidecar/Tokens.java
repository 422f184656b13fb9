package dev.switchboard.capture.sidecar;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** The bearer token: read once from a file (a mounted Secret), compared in constant time. */
final class Tokens {
  private final byte[] expected;

  private Tokens(byte[] expected) {
    this.expected = expected;
  }

  static Tokens fromFile(Path file) throws IOException {
    String token = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (token.length() < 16) {
      throw new IOException("token in " + file + " is shorter than 16 characters");
    }
    return new Tokens(token.getBytes(StandardCharsets.UTF_8));
  }

  /** @param header the Authorization header, or null */
  boolean accepts(String header) {
    if (header == null || !header.startsWith("Bearer ")) {
      return false;
    }
    byte[] given = header.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }
}
