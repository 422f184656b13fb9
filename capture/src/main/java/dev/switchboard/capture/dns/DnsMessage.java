package dev.switchboard.capture.dns;

import java.util.List;

/**
 * A parsed DNS message: header fields, questions and answers (authority and additional records
 * are read only for EDNS).
 *
 * @param rcode the full response code: the header's 4 bits plus, with EDNS, the OPT record's 8
 */
public record DnsMessage(int id, boolean response, int opcode, int rcode, boolean truncated,
    List<DnsQuestion> questions, List<DnsRecord> answers) {

  public DnsQuestion question() {
    return questions.isEmpty() ? null : questions.get(0);
  }
}
