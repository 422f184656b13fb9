package dev.switchboard.capture.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.switchboard.capture.FlowObserver;
import dev.switchboard.capture.PcapReplay;
import dev.switchboard.capture.dns.DnsFormatException;
import dev.switchboard.capture.dns.DnsMessage;
import dev.switchboard.capture.dns.DnsParser;
import dev.switchboard.capture.packet.LinkType;
import dev.switchboard.capture.packet.PacketDecoder;
import dev.switchboard.capture.pcap.NotACaptureException;
import dev.switchboard.capture.pcap.PcapFormatException;
import dev.switchboard.capture.pcap.PcapReader;
import dev.switchboard.capture.wire.EventCodec;
import dev.switchboard.capture.wire.LineReader;
import dev.switchboard.capture.wire.WireFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Fuzz targets for every parser of untrusted bytes. A target fails if parsing throws anything
 * unchecked, hangs (Jazzer's timeout) or runs out of memory. In a normal test run each replays
 * its kept corpus (src/test/resources/dev/switchboard/capture/fuzz/ParserFuzzTestInputs/…); with
 * JAZZER_FUZZ=1 (mvn -Pfuzz, and briefly in CI) it fuzzes.
 */
class ParserFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void dnsMessages(byte[] input) {
    try {
      DnsMessage m = DnsParser.parse(input);
      if (m.questions().size() > 4 || m.answers().size() > 64) {
        throw new AssertionError("bounds not kept: " + m);
      }
      for (var q : m.questions()) {
        if (q.name().length() > 255) {
          throw new AssertionError("name longer than 255: " + q.name().length());
        }
      }
    } catch (DnsFormatException e) {
      // refused with a reason: expected for most inputs
    }
  }

  @FuzzTest(maxDuration = "20s")
  void linkAndTransportHeaders(byte[] input) {
    if (input.length == 0) {
      return;
    }
    PacketDecoder d = new PacketDecoder();
    LinkType[] links = LinkType.values();
    LinkType link = links[(input[0] & 0xff) % links.length];
    byte[] frame = java.util.Arrays.copyOfRange(input, 1, input.length);
    d.decode(frame, frame.length, link, 0, "fuzz");
  }

  @FuzzTest(maxDuration = "15s")
  void eventLines(byte[] input) throws IOException {
    // What the app reads from sidecars and recordings: a bounded line reader, then the codec.
    LineReader lines = new LineReader(new ByteArrayInputStream(input), 4096);
    for (String line = lines.next(); line != null; line = lines.next()) {
      if (line == LineReader.TOO_LONG) {
        continue;
      }
      try {
        EventCodec.decode(line);
      } catch (WireFormatException e) {
        // refused with a reason
      }
    }
  }

  @FuzzTest(maxDuration = "20s")
  void captureFiles(byte[] input) throws IOException {
    // A whole pipeline on hostile files: reader, decoder, DNS, trackers.
    try {
      PcapReplay.replay(new ByteArrayInputStream(input), "fuzz", FlowObserver.Settings.DEFAULT);
    } catch (NotACaptureException e) {
      // refused with a reason
    }
  }

  @FuzzTest(maxDuration = "20s")
  void captureContainers(byte[] input) throws IOException {
    // The container layer alone (pcap records, pcapng blocks and options), so the fuzzer's
    // time goes into block structure rather than packet contents.
    try (PcapReader reader = new PcapReader(new ByteArrayInputStream(input))) {
      while (reader.next() != null) {
        // every frame is read; a damaged one must end with PcapFormatException
      }
    } catch (PcapFormatException e) {
      // refused with where and why
    }
  }
}
