package dev.switchboard.capture.bench;

import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Accepts TCP connections and closes them at once: a backend that keeps up with tens of
 * thousands of new connections a second, for the capture benchmark. {@code LabSink ADDR PORT}.
 * One thread.
 */
public final class LabSink {
  private LabSink() {}

  public static void main(String[] args) throws Exception {
    try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
      server.bind(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 4096);
      server.configureBlocking(false);
      server.register(selector, SelectionKey.OP_ACCEPT);
      while (true) {
        selector.select();
        selector.selectedKeys().clear();
        SocketChannel c;
        while ((c = server.accept()) != null) {
          c.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
          c.close();
        }
      }
    }
  }
}
