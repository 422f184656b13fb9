package dev.switchboard.capture.lab;

import com.google.gson.JsonParser;
import dev.switchboard.capture.event.Event;
import dev.switchboard.capture.wire.Envelope;
import dev.switchboard.capture.wire.EventCodec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Talks to the sidecar the lab runs on node1 (10.250.9.2:7443), as a reader of its API would. */
public final class LabSidecarClient {
  static final String BASE = "http://10.250.9.2:7443";
  private final String token;

  public LabSidecarClient(String token) {
    this.token = token;
  }

  HttpURLConnection open(String path) throws IOException {
    HttpURLConnection c = (HttpURLConnection) new URL(BASE + path).openConnection();
    c.setRequestProperty("Authorization", "Bearer " + token);
    c.setConnectTimeout(1000);
    return c;
  }

  /** A counter from /v1/status (0 when absent). */
  public long counter(String name) throws IOException {
    HttpURLConnection c = open("/v1/status");
    var o = JsonParser.parseString(new String(c.getInputStream().readAllBytes(),
        StandardCharsets.UTF_8)).getAsJsonObject();
    return o.has(name) ? o.get(name).getAsLong() : 0;
  }

  /** Waits (up to 30 s) until the sidecar answers. */
  public void await() throws InterruptedException {
    for (int i = 0; i < 150; i++) {
      try {
        if (open("/v1/status").getResponseCode() == 200) {
          return;
        }
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the sidecar did not start");
  }

  /** Reads /v1/events into {@code events} on a daemon thread until the sidecar stops. */
  public Thread follow(List<Event> events) {
    return follow("/v1/events", events);
  }

  /** Reads a stream of the sidecar's ({@code /v1/packets} …) the same way. */
  public Thread follow(String path, List<Event> events) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(
          open(path).getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          Envelope e = EventCodec.decode(line);
          if (e != null) {
            events.add(e.event());
          }
        }
      } catch (Exception e) {
        // the sidecar was stopped
      }
    }, "lab-reader " + path);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
