package dev.switchboard.capture.dns;

import java.util.List;

/** A parsed DNS message: header fields, questions and answers (authority/additional skipped). */
public record DnsMessage(int id, boolean response, int opcode, int rcode, boolean truncated,
    List<DnsQuestion> questions, List<DnsRecord> answers) {

  public DnsQuestion question() {
    return questions.isEmpty() ? null : questions.get(0);
  }
}
