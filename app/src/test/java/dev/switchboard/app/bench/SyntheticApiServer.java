package dev.switchboard.app.bench;

import com.google.gson.JsonObject;
import dev.switchboard.app.cluster.kube.ListWatchApiServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The list/watch test server with the synthetic cluster, in a process of its own, so that a
 * benchmark of the app measures the app's JVM alone (its collector's pauses, its threads), as a
 * real API server would be elsewhere. Prints "url URL" once serving; reads commands on stdin:
 * "unready" turns every other pod not ready unseen (the informers relist after 410 Gone and find
 * the change), then prints "done"; end of input stops it. Main thread.
 */
public final class SyntheticApiServer {
  static final int PODS_PER_APP = 15;
  static final int NODES = 100;

  private SyntheticApiServer() {}

  public static void main(String[] args) throws Exception {
    int pods = Integer.parseInt(args[0]);
    try (ListWatchApiServer server = new ListWatchApiServer()) {
      SyntheticCluster.serve(server, pods, PODS_PER_APP, NODES, false);
      server.start();
      System.out.println("url " + server.url());
      System.out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in,
          StandardCharsets.UTF_8));
      for (String line; (line = in.readLine()) != null; ) {
        if (line.equals("unready")) {
          server.unseen(() -> {
            for (int i = 0; i < pods; i += 2) {
              JsonObject p = SyntheticCluster.pod(i, PODS_PER_APP, NODES);
              for (var c : p.getAsJsonObject("status").getAsJsonArray("conditions")) {
                if (c.getAsJsonObject().get("type").getAsString().equals("Ready")) {
                  c.getAsJsonObject().addProperty("status", "False");
                }
              }
              server.apply(p);
            }
          });
          System.out.println("done");
          System.out.flush();
        }
      }
    }
  }
}
