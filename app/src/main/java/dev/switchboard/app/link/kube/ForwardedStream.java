package dev.switchboard.app.link.kube;

import io.kubernetes.client.util.WebSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.WebSocket;
import okio.ByteString;

/**
 * One port-forward WebSocket for one port: channel 0 carries the data, channel 1 the kubelet's
 * error text; each channel's first two bytes name the port (little-endian) and are not data.
 * Incoming data is written to the local connection on OkHttp's reader thread, so a slow local
 * reader slows the stream instead of filling memory.
 */
final class ForwardedStream implements WebSockets.SocketListener {
  /** How long the API server and kubelet may take to open the stream. */
  private static final long OPEN_TIMEOUT_S = 30;

  private final OutputStream local;
  private final int port;
  private final String namespace;
  private final String pod;
  private final Consumer<String> problems;
  private final Runnable onEnd;
  private final CountDownLatch opened = new CountDownLatch(1);
  private final ByteArrayOutputStream errorText = new ByteArrayOutputStream();
  private final int[] headerLeft = {2, 2};
  private volatile WebSocket socket;
  private volatile boolean ended;

  ForwardedStream(OutputStream local, int port, String namespace, String pod,
      Consumer<String> problems, Runnable onEnd) {
    this.local = local;
    this.port = port;
    this.namespace = namespace;
    this.pod = pod;
    this.problems = problems;
    this.onEnd = onEnd;
  }

  @Override
  public void open(String protocol, WebSocket socket) {
    this.socket = socket;
    opened.countDown();
  }

  /** True once the stream is open; false if it failed or did not open in time. */
  boolean awaitOpen() throws InterruptedException {
    return opened.await(OPEN_TIMEOUT_S, TimeUnit.SECONDS) && socket != null && !ended;
  }

  /** Sends local bytes on channel 0; false when the stream is gone or its queue is full. */
  boolean send(byte[] data, int length) {
    byte[] frame = new byte[length + 1];
    System.arraycopy(data, 0, frame, 1, length);
    WebSocket s = socket;
    return s != null && !ended && s.send(ByteString.of(frame));
  }

  @Override
  public void bytesMessage(InputStream in) {
    try {
      int channel = in.read();
      if (channel != 0 && channel != 1) {
        return;
      }
      byte[] data = in.readAllBytes();
      int skip = Math.min(headerLeft[channel], data.length);
      headerLeft[channel] -= skip;
      if (channel == 0) {
        local.write(data, skip, data.length - skip);
        local.flush();
      } else {
        errorText.write(data, skip, data.length - skip);
      }
    } catch (IOException e) {
      end(null); // the local side went away: nothing to tell, its reader knows
    }
  }

  @Override
  public void textMessage(Reader in) {
    // the v4 channel protocol sends binary frames only
  }

  @Override
  public void failure(Throwable t) {
    end(describe(t));
  }

  @Override
  public void close() {
    String error = errorText.toString(StandardCharsets.UTF_8).trim();
    end(error.isEmpty() ? null : "the kubelet could not reach port " + port + " of " + namespace
        + "/" + pod + ": " + error);
  }

  /** The API server's refusal in words: "403 Forbidden" is a missing permission. */
  private String describe(Throwable t) {
    String m = t.getMessage() == null ? "the connection through the API server ended ("
        + t.getClass().getSimpleName() + ")" : t.getMessage();
    if (m.contains("403")) {
      return "may not create pods/portforward in " + namespace;
    }
    if (m.contains("404")) {
      return "pod " + namespace + "/" + pod + " is gone (404)";
    }
    return "port-forward to " + namespace + "/" + pod + " failed: " + m;
  }

  private void end(String problem) {
    if (ended) {
      return;
    }
    ended = true;
    opened.countDown();
    if (problem != null) {
      problems.accept(problem);
    }
    WebSocket s = socket;
    if (s != null) {
      s.close(1000, null);
    }
    onEnd.run();
  }

  /** Ends the stream from the local side. */
  void closeStream() {
    end(null);
  }
}
