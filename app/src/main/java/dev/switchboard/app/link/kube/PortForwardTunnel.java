package dev.switchboard.app.link.kube;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.Pair;
import io.kubernetes.client.util.WebSockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A local port that reaches one port of one pod through the API server, as {@code kubectl
 * port-forward} does, with the user's credentials: every TCP connection accepted on
 * 127.0.0.1 opens its own port-forward WebSocket ({@code pods/portforward}, the channel protocol
 * of {@code v4.channel.k8s.io}) and is piped both ways. What goes wrong (403, the pod gone,
 * nothing listening in the pod) is handed to {@code problems} in one line, and the local
 * connection is closed so its reader sees the cut.
 *
 * <p>Threads: one acceptor ("port-forward NS/POD"); per connection, one thread copying the local
 * socket into the WebSocket, and OkHttp's reader thread copying the other way.
 */
public final class PortForwardTunnel implements AutoCloseable {
  private final ApiClient client;
  private final String namespace;
  private final String pod;
  private final int port;
  private final Consumer<String> problems;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private ServerSocket server;
  private volatile boolean closed;

  public PortForwardTunnel(ApiClient client, String namespace, String pod, int port,
      Consumer<String> problems) {
    this.client = client;
    this.namespace = namespace;
    this.pod = pod;
    this.port = port;
    this.problems = problems;
  }

  /** Binds a free loopback port and starts accepting; returns its address. */
  public URI start() throws IOException {
    server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::accept, "port-forward " + namespace + "/" + pod);
    acceptor.setDaemon(true);
    acceptor.start();
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  private void accept() {
    while (!closed) {
      Socket local;
      try {
        local = server.accept();
      } catch (IOException e) {
        if (!closed) {
          problems.accept("the local end of the port-forward to " + namespace + "/" + pod
              + " failed: " + e.getMessage());
        }
        return;
      }
      open.add(local);
      Thread t = new Thread(() -> forward(local), "port-forward " + namespace + "/" + pod
          + " :" + local.getPort());
      t.setDaemon(true);
      t.start();
    }
  }

  /** One local connection ↔ one port-forward stream, until either side ends. */
  private void forward(Socket local) {
    ForwardedStream stream = null;
    try (local) {
      stream = new ForwardedStream(local.getOutputStream(), port, namespace, pod,
          this::problem, () -> quietClose(local));
      List<Pair> query = List.of(new Pair("ports", Integer.toString(port)));
      WebSockets.stream("/api/v1/namespaces/" + namespace + "/pods/" + pod + "/portforward",
          "GET", query, client, stream);
      if (!stream.awaitOpen()) {
        return;
      }
      InputStream in = local.getInputStream();
      byte[] buffer = new byte[16 * 1024];
      for (int n = in.read(buffer); n >= 0 && !closed; n = in.read(buffer)) {
        if (!stream.send(buffer, n)) {
          break;
        }
      }
    } catch (IOException e) {
      if (!closed && !local.isClosed()) {
        problem("the port-forward to " + namespace + "/" + pod + " failed: " + e.getMessage());
      }
    } catch (io.kubernetes.client.openapi.ApiException e) {
      problem("cannot open a port-forward to " + namespace + "/" + pod + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (stream != null) {
        stream.closeStream();
      }
      open.remove(local);
    }
  }

  private void problem(String message) {
    if (!closed) {
      problems.accept(message);
    }
  }

  private static void quietClose(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // already closed: nothing to release
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
      }
    } catch (IOException e) {
      // closing: nothing to report
    }
    open.forEach(PortForwardTunnel::quietClose);
  }

  /** Cuts every open connection (as a dropped network would), keeping the port open. */
  public void cutConnections() {
    open.forEach(PortForwardTunnel::quietClose);
  }
}
