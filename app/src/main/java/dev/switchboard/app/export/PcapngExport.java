package dev.switchboard.app.export;

import dev.switchboard.app.session.SessionFormatException;
import dev.switchboard.app.session.SessionReader;
import dev.switchboard.app.session.SessionRecord;
import dev.switchboard.capture.event.PacketCaptured;
import dev.switchboard.capture.packet.LinkType;
import dev.switchboard.capture.packet.Packet;
import dev.switchboard.capture.packet.PacketDecoder;
import dev.switchboard.capture.pcap.PcapngWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session's packets as pcapng for Wireshark: one interface per node and capture interface, the
 * names of pod, Service and node addresses (as they were at the export's start) before the first
 * packet, and on each packet a comment naming its trace and stage. Reads the session twice (traces
 * first: a packet's trace is known only once its connection ended), writes to a temporary file
 * beside the output and moves it into place, so a failed export leaves nothing behind. Caller's
 * thread.
 */
public final class PcapngExport {
  /**
   * @param packets packets written
   * @param damage where a damaged session stopped (its good part was exported), or null
   */
  public record Result(long packets, int interfaces, int names, long untraced, String damage) {}

  private PcapngExport() {}

  public static Result write(Path session, Path out, ExportRange range, String application)
      throws ExportException {
    SessionTraces read = SessionTraces.read(session);
    if (read.packets == 0) {
      throw new ExportException("the session " + session + " holds no packets (it was recorded"
          + " with --no-packets, or by a version that did not keep them): record again to export"
          + " pcapng");
    }
    Set<String> known = new HashSet<>();
    read.traces.forEach(t -> known.add(t.id()));
    for (String id : range.traces()) {
      if (!known.contains(id)) {
        throw new ExportException("the session has no trace " + id + " (`replay " + session
            + "` lists the trace ids)");
      }
    }
    long from = range.fromNanos(read.zeroNanos);
    long to = range.toNanos(read.zeroNanos);
    long atMillis = Math.max(from, read.zeroNanos) / 1_000_000L;
    Map<String, List<String>> names = read.store.read(i -> read.names.names(i, atMillis));
    PacketNotes notes = new PacketNotes(read.traces);
    return OutputFile.replace(out, tmp -> {
      try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp))) {
        PcapngWriter w = new PcapngWriter(os, application);
        w.names(names);
        Result r = packets(session, w, notes, range, from, to);
        if (r.packets() == 0) {
          throw new ExportException("no packets of the session are in the range or traces asked"
              + " for");
        }
        return new Result(r.packets(), r.interfaces(), names.size(), r.untraced(), read.damage);
      }
    });
  }

  private static Result packets(Path session, PcapngWriter w, PacketNotes notes,
      ExportRange range, long from, long to) throws IOException, ExportException {
    Map<String, Integer> interfaces = new HashMap<>();
    PacketDecoder decoder = new PacketDecoder();
    long written = 0;
    long untraced = 0;
    try (InputStream in = Files.newInputStream(session);
        SessionReader reader = new SessionReader(in)) {
      for (SessionRecord r = reader.next(); r != null; r = reader.next()) {
        if (!(r instanceof SessionRecord.EventRecord e)
            || !(e.event() instanceof PacketCaptured p) || p.timestampNanos() < from
            || p.timestampNanos() > to) {
          continue;
        }
        byte[] data;
        try {
          data = p.bytes();
        } catch (IllegalArgumentException notBase64) {
          throw new ExportException("a packet of node " + p.node() + " is damaged: "
              + notBase64.getMessage());
        }
        LinkType link = LinkType.of(p.linkType());
        Packet decoded = link == null ? null
            : decoder.decode(data, data.length, link, p.timestampNanos(), p.interfaceName());
        PacketNotes.Note note = decoded == null ? PacketNotes.UNTRACED : notes.of(decoded);
        if (!range.traces().isEmpty()
            && (note.traceId() == null || !range.traces().contains(note.traceId()))) {
          continue;
        }
        String key = p.node() + "/" + p.interfaceName() + "/" + p.linkType();
        Integer id = interfaces.get(key);
        if (id == null) {
          id = w.addInterface(p.linkType(), 0, p.node() + "/" + p.interfaceName(),
              "node " + p.node() + ", interface " + p.interfaceName());
          interfaces.put(key, id);
        }
        w.packet(id, p.timestampNanos(), data, p.originalLength(), note.text());
        written++;
        if (note.traceId() == null) {
          untraced++;
        }
      }
    } catch (SessionFormatException e) {
      throw new ExportException("cannot read the session " + session + ": " + e.getMessage());
    }
    return new Result(written, interfaces.size(), 0, untraced, null);
  }
}
