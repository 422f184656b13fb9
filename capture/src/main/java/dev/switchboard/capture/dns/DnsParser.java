package dev.switchboard.capture.dns;

import dev.switchboard.capture.packet.Addresses;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses DNS messages from untrusted bytes (RFC 1035 wire format). Bounded in every direction:
 * names follow at most {@link #MAX_POINTERS} compression pointers and each pointer must point
 * backwards (no loops), labels are at most 63 bytes and names at most 255; at most
 * {@link #MAX_QUESTIONS} questions and {@link #MAX_ANSWERS} answers are kept whatever the header
 * claims, and a count that the bytes cannot hold is refused before anything is allocated.
 * Never loops, never throws unchecked, allocates in proportion to the input. Stateless; any thread.
 */
public final class DnsParser {
  static final int MAX_POINTERS = 16;
  static final int MAX_NAME = 255;
  static final int MAX_QUESTIONS = 4;
  /** Records kept, whatever the header claims; a response with more is marked truncated. */
  static final int MAX_ANSWERS = 64;

  private DnsParser() {}

  public static DnsMessage parse(byte[] b) throws DnsFormatException {
    return parse(b, b.length);
  }

  public static DnsMessage parse(byte[] b, int length) throws DnsFormatException {
    int len = Math.min(length, b.length);
    if (len < 12) {
      throw new DnsFormatException("shorter than a DNS header (" + len + " bytes)");
    }
    int id = u16(b, 0);
    int flags = u16(b, 2);
    int qd = u16(b, 4);
    int an = u16(b, 6);
    int ns = u16(b, 8);
    int ar = u16(b, 10);
    // Every question takes at least 5 bytes. Answers may be cut off by the capture's snaplen,
    // so their count is only a bound for the loop.
    if ((long) qd * 5 > len - 12) {
      throw new DnsFormatException("question count " + qd + " exceeds the " + (len - 12)
          + " bytes that follow the header");
    }
    int[] pos = {12};
    List<DnsQuestion> questions = new ArrayList<>(Math.min(qd, MAX_QUESTIONS));
    for (int i = 0; i < qd; i++) {
      String name = name(b, len, pos);
      need(len, pos[0], 4, "question");
      DnsQuestion q = new DnsQuestion(name, u16(b, pos[0]), u16(b, pos[0] + 2));
      pos[0] += 4;
      if (questions.size() < MAX_QUESTIONS) {
        questions.add(q);
      }
    }
    boolean truncatedHere = false;
    List<DnsRecord> answers = new ArrayList<>(Math.min(an, MAX_ANSWERS));
    // Each record read takes at least 11 bytes, so these loops end with the bytes.
    for (int i = 0; i < an; i++) {
      if (pos[0] >= len) {
        truncatedHere = true; // the capture's snaplen cut the message; keep what was read
        break;
      }
      try {
        DnsRecord r = record(b, len, pos);
        if (answers.size() < MAX_ANSWERS) {
          answers.add(r);
        }
      } catch (DnsFormatException e) {
        if (!e.endOfData()) {
          throw e;
        }
        truncatedHere = true;
        break;
      }
    }
    int rcode = flags & 0x0f;
    if (!truncatedHere) {
      rcode |= extendedRcode(b, len, pos, ns, ar) << 4;
    }
    return new DnsMessage(id, (flags & 0x8000) != 0, (flags >> 11) & 0x0f, rcode,
        (flags & 0x0200) != 0 || truncatedHere, List.copyOf(questions), List.copyOf(answers));
  }

  /**
   * The upper 8 bits of the response code (RFC 6891): the first byte of the OPT record's TTL,
   * after the authority section. 0 without an OPT record, or when the sections after the answers
   * cannot be read (cut by the snaplen or malformed: the answers are what matters).
   */
  private static int extendedRcode(byte[] b, int len, int[] pos, int authority, int additional) {
    try {
      for (int i = 0; i < authority + additional && pos[0] < len; i++) {
        DnsRecord r = record(b, len, pos);
        if (i >= authority && r.type() == DnsType.OPT) {
          return (int) (r.ttl() >>> 24) & 0xff;
        }
      }
    } catch (DnsFormatException e) {
      // nothing more to learn from this message
    }
    return 0;
  }

  private static DnsRecord record(byte[] b, int len, int[] pos) throws DnsFormatException {
    String name = name(b, len, pos);
    need(len, pos[0], 10, "record header");
    int type = u16(b, pos[0]);
    long ttl = ((long) u16(b, pos[0] + 4) << 16) | u16(b, pos[0] + 6);
    int rdlen = u16(b, pos[0] + 8);
    int rd = pos[0] + 10;
    need(len, rd, rdlen, "record data");
    pos[0] = rd + rdlen;
    String data = switch (type) {
      case DnsType.A -> rdlen == 4 ? Addresses.ipv4(b, rd) : bad("A record of " + rdlen + " bytes");
      case DnsType.AAAA -> rdlen == 16 ? Addresses.ipv6(b, rd) : bad("AAAA record of " + rdlen + " bytes");
      case DnsType.CNAME, DnsType.PTR, DnsType.NS -> name(b, rd + rdlen, new int[] {rd});
      case DnsType.SRV -> {
        if (rdlen < 7) {
          yield bad("SRV record of " + rdlen + " bytes");
        }
        yield u16(b, rd) + " " + u16(b, rd + 2) + " " + u16(b, rd + 4) + " "
            + name(b, rd + rdlen, new int[] {rd + 6});
      }
      default -> "(" + rdlen + " bytes)";
    };
    return new DnsRecord(name, type, ttl, data);
  }

  private static String bad(String what) throws DnsFormatException {
    throw new DnsFormatException(what);
  }

  /**
   * Reads a possibly compressed name at pos[0] and moves pos[0] past it. Pointers must point
   * strictly backwards, which with the hop limit rules out loops.
   */
  static String name(byte[] b, int limit, int[] pos) throws DnsFormatException {
    StringBuilder s = new StringBuilder(32);
    int p = pos[0];
    int resume = -1;
    int hops = 0;
    int lowest = p;
    while (true) {
      need(limit, p, 1, "name");
      int l = b[p] & 0xff;
      if (l == 0) {
        p++;
        break;
      }
      if ((l & 0xc0) == 0xc0) {
        need(limit, p, 2, "name pointer");
        int target = ((l & 0x3f) << 8) | (b[p + 1] & 0xff);
        if (++hops > MAX_POINTERS) {
          throw new DnsFormatException("more than " + MAX_POINTERS + " compression pointers");
        }
        if (target >= lowest) {
          throw new DnsFormatException("compression pointer to " + target + " does not point backwards");
        }
        if (resume < 0) {
          resume = p + 2;
        }
        lowest = target;
        p = target;
        continue;
      }
      if ((l & 0xc0) != 0) {
        throw new DnsFormatException("reserved label type 0x" + Integer.toHexString(l));
      }
      need(limit, p + 1, l, "label");
      if (s.length() + l + 1 > MAX_NAME) {
        throw new DnsFormatException("name longer than " + MAX_NAME + " bytes");
      }
      if (s.length() > 0) {
        s.append('.');
      }
      for (int i = 0; i < l; i++) {
        char c = (char) (b[p + 1 + i] & 0xff);
        s.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
      }
      p += 1 + l;
    }
    pos[0] = resume >= 0 ? resume : p;
    return s.length() == 0 ? "." : s.toString();
  }

  private static void need(int limit, int at, int n, String what) throws DnsFormatException {
    if (n < 0 || at < 0 || (long) at + n > limit) {
      throw new DnsFormatException("message ends inside the " + what + " at byte " + at, true);
    }
  }

  private static int u16(byte[] b, int off) {
    return ((b[off] & 0xff) << 8) | (b[off + 1] & 0xff);
  }
}
