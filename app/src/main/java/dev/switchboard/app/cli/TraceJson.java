package dev.switchboard.app.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.switchboard.app.trace.BackendStage;
import dev.switchboard.app.trace.ConnectionTrace;
import dev.switchboard.app.trace.DecisionStage;
import dev.switchboard.app.trace.DnsStage;
import dev.switchboard.app.trace.Peer;
import dev.switchboard.app.trace.ServiceStage;
import java.time.Instant;
import java.util.List;

/**
 * One {@code trace --format json} line per finished connection (contract in docs/cli.md). A
 * stage the connection did not have is absent; a stage it had but nobody saw says
 * {@code "evidence": "unknown"}. Pure; any thread.
 */
public final class TraceJson {
  private static final List<String> SERVICE_ADDRESSES = List.of("clusterIP", "externalIP",
      "loadBalancer");
  private TraceJson() {}

  public static JsonObject of(ConnectionTrace t) {
    JsonObject o = new JsonObject();
    o.addProperty("id", t.id());
    o.add("nodes", strings(t.nodes()));
    o.addProperty("protocol", t.protocol());
    o.add("client", peer(t.client()));
    if (t.dns() != null) {
      o.add("dns", dns(t.dns()));
    }
    if (t.service() != null) {
      o.add("service", service(t.service()));
    }
    if (t.nodePort() > 0) {
      o.addProperty("nodePort", t.nodePort());
    } else if (t.service() != null && SERVICE_ADDRESSES.contains(t.service().via())) {
      JsonObject vip = new JsonObject();
      vip.addProperty("ip", t.dialled().ip());
      vip.addProperty("port", t.dialled().port());
      o.add("vip", vip);
    }
    o.add("dialled", peer(t.dialled()));
    if (t.snat() != null) {
      o.add("snat", peer(t.snat()));
    }
    if (t.decision() != null) {
      o.add("decision", decision(t.decision()));
    }
    o.add("backend", backend(t.backend()));
    o.addProperty("outcome", t.outcome());
    o.addProperty("startedAt", instant(t.startedAtNanos()));
    if (t.durationNanos() >= 0) {
      o.addProperty("durationMs", t.durationNanos() / 1e6);
    }
    if (t.handshakeNanos() >= 0) {
      o.addProperty("handshakeMs", t.handshakeNanos() / 1e6);
    }
    return o;
  }

  private static JsonObject peer(Peer p) {
    JsonObject o = new JsonObject();
    o.addProperty("ip", p.ip());
    o.addProperty("port", p.port());
    if (p.podName() != null) {
      o.addProperty("pod", p.podName());
      o.addProperty("namespace", p.podNamespace());
    }
    if (p.node() != null) {
      o.addProperty("node", p.node());
    }
    return o;
  }

  private static JsonObject dns(DnsStage d) {
    JsonObject o = new JsonObject();
    o.addProperty("name", d.name());
    o.add("answer", strings(d.answers()));
    if (!d.cnames().isEmpty()) {
      o.add("cnames", strings(d.cnames()));
    }
    o.addProperty("askedAt", instant(d.askedAtNanos()));
    o.addProperty("latencyMs", d.latencyNanos() / 1e6);
    o.addProperty("server", d.server());
    if (d.answeredBy() != null) {
      o.addProperty("answeredBy", d.answeredBy());
    }
    o.addProperty("queries", d.queries());
    o.addProperty("evidence", d.evidence().word());
    return o;
  }

  private static JsonObject service(ServiceStage s) {
    JsonObject o = new JsonObject();
    o.addProperty("namespace", s.namespace());
    o.addProperty("name", s.name());
    if (s.port() > 0) {
      o.addProperty("port", s.port());
    }
    if (s.portName() != null) {
      o.addProperty("portName", s.portName());
    }
    o.addProperty("via", s.via());
    o.addProperty("evidence", s.evidence().word());
    return o;
  }

  private static JsonObject decision(DecisionStage d) {
    JsonObject o = new JsonObject();
    o.addProperty("mode", d.mode());
    if (d.rule() != null) {
      o.addProperty("rule", d.rule());
    }
    if (d.probability() >= 0) {
      o.addProperty("probability", d.probability());
    }
    o.addProperty("candidates", d.candidates());
    if (d.affinitySeconds() > 0) {
      o.addProperty("affinity", d.affinitySeconds());
    }
    o.addProperty("why", d.why());
    o.addProperty("evidence", d.evidence().word());
    return o;
  }

  private static JsonObject backend(BackendStage b) {
    JsonObject o = b.target() == null ? new JsonObject() : peer(b.target());
    if (b.source() != null) {
      o.addProperty("source", b.source());
    }
    if (b.listing() != null) {
      JsonObject api = new JsonObject();
      api.addProperty("state", b.listing().state());
      if (b.listing().changeMillis() != 0) {
        api.addProperty("changeMs", b.listing().changeMillis());
      }
      o.add("inApi", api);
    }
    o.addProperty("evidence", b.evidence().word());
    return o;
  }

  private static String instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L)).toString();
  }

  private static JsonArray strings(List<String> values) {
    JsonArray a = new JsonArray();
    values.forEach(a::add);
    return a;
  }
}
