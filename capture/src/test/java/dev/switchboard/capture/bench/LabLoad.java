package dev.switchboard.capture.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Iterator;

/**
 * Load for the capture benchmark, at a fixed rate for a fixed time, from inside a lab pod:
 * <ul>
 *   <li>{@code LabLoad conn HOST PORT RATE SECONDS}: new TCP connections (non-blocking connect,
 *       then close as soon as it is established or refused);</li>
 *   <li>{@code LabLoad dns SERVER RATE SECONDS NAME}: A queries over UDP, distinct ids.</li>
 * </ul>
 * Prints "sent N ok M failed F" at the end. One thread.
 */
public final class LabLoad {
  private LabLoad() {}

  public static void main(String[] args) throws Exception {
    if (args[0].equals("conn")) {
      conn(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
    } else {
      dns(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), args[4]);
    }
  }

  static void conn(String host, int port, int rate, int seconds) throws IOException {
    InetSocketAddress to = new InetSocketAddress(host, port);
    long total = (long) rate * seconds;
    long sent = 0;
    long ok = 0;
    long failed = 0;
    long start = System.nanoTime();
    try (Selector sel = Selector.open()) {
      while (sent < total || sel.keys().size() > 0) {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
        while (sent < due && sel.keys().size() < 15_000) {
          SocketChannel c = SocketChannel.open();
          c.configureBlocking(false);
          c.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
          if (c.connect(to)) {
            ok++;
            c.close();
          } else {
            c.register(sel, SelectionKey.OP_CONNECT);
          }
          sent++;
        }
        if (sel.select(1) > 0) {
          Iterator<SelectionKey> it = sel.selectedKeys().iterator();
          while (it.hasNext()) {
            SelectionKey k = it.next();
            it.remove();
            SocketChannel c = (SocketChannel) k.channel();
            try {
              c.finishConnect();
              ok++;
            } catch (IOException e) {
              failed++;
            }
            k.cancel();
            c.close();
          }
        }
        if (System.nanoTime() - start > (seconds + 5) * 1_000_000_000L) {
          break;
        }
      }
    }
    System.out.println("sent " + sent + " ok " + ok + " failed " + failed + " in "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  static void dns(String server, int rate, int seconds, String name) throws IOException {
    byte[] query = query(name);
    long total = (long) rate * seconds;
    long sent = 0;
    long answered = 0;
    long start = System.nanoTime();
    ByteBuffer in = ByteBuffer.allocate(1500);
    DatagramChannel[] socks = new DatagramChannel[64];
    try (Selector sel = Selector.open()) {
      for (int i = 0; i < socks.length; i++) {
        socks[i] = DatagramChannel.open();
        socks[i].configureBlocking(false);
        socks[i].connect(new InetSocketAddress(server, 53));
        socks[i].register(sel, SelectionKey.OP_READ);
      }
      while (sent < total || System.nanoTime() - start < (seconds + 1) * 1_000_000_000L) {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
        while (sent < due) {
          ByteBuffer q = ByteBuffer.wrap(query.clone());
          q.putShort(0, (short) sent);
          socks[(int) (sent % socks.length)].write(q);
          sent++;
        }
        if (sel.selectNow() > 0) {
          for (SelectionKey k : sel.selectedKeys()) {
            DatagramChannel d = (DatagramChannel) k.channel();
            in.clear();
            while (d.read(in) > 0) {
              answered++;
              in.clear();
            }
          }
          sel.selectedKeys().clear();
        }
        if (sent >= total && System.nanoTime() - start > (seconds + 1) * 1_000_000_000L) {
          break;
        }
      }
      for (DatagramChannel d : socks) {
        d.close();
      }
    }
    System.out.println("sent " + sent + " ok " + answered + " failed " + (sent - answered) + " in "
        + (System.nanoTime() - start) / 1_000_000 + " ms");
  }

  static byte[] query(String name) {
    ByteBuffer b = ByteBuffer.allocate(512);
    b.putShort((short) 0).putShort((short) 0x0100).putShort((short) 1).putShort((short) 0)
        .putShort((short) 0).putShort((short) 0);
    for (String label : name.split("\\.")) {
      b.put((byte) label.length()).put(label.getBytes());
    }
    b.put((byte) 0).putShort((short) 1).putShort((short) 1);
    byte[] out = new byte[b.position()];
    b.flip();
    b.get(out);
    return out;
  }
}
