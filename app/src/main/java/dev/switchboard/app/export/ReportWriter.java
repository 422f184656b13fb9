package dev.switchboard.app.export;

import java.util.Base64;
import java.util.List;

/**
 * A walkthrough as text: a self-contained HTML page (styles and pictures inline, nothing fetched)
 * or Markdown with its pictures in a folder beside it. Pure; any thread.
 */
final class ReportWriter {
  private ReportWriter() {}

  private static final String STYLE = """
      body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2em auto;max-width:72em;
      color:#1b1b1b;line-height:1.4}h1{font-size:1.6em}h2{font-size:1.3em;border-top:1px solid
      #bbb;padding-top:1em;margin-top:2em}.when{color:#444}img{max-width:100%;border:1px solid
      #bbb}table{border-collapse:collapse;width:100%;font-size:.9em;margin:.8em 0}th,td{border:1px
      solid #ccc;padding:.25em .45em;text-align:left;vertical-align:top}th{background:#eee}
      .none{color:#555;font-style:italic}
      """;

  /** @param pictures a PNG per section, in order (null where there is none) */
  static String html(Walkthrough w, List<byte[]> pictures, String application) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
        .append(esc(w.title)).append("</title>\n<style>").append(STYLE).append("</style></head>\n")
        .append("<body>\n<h1>Walkthrough: ").append(esc(w.title)).append("</h1>\n<p class=\"when\">")
        .append(w.sections.size()).append(" bookmarks over ").append(esc(w.span))
        .append(". Written by ").append(esc(application)).append(". Times are offsets on the")
        .append(" session's timeline, then UTC. Stage marks: ● observed ◐ inferred ? unknown –")
        .append(" none, in the order DNS · Service · DNAT · backend.</p>\n");
    for (int i = 0; i < w.sections.size(); i++) {
      Walkthrough.Section s = w.sections.get(i);
      h.append("<section id=\"bookmark-").append(s.number()).append("\">\n<h2>")
          .append(s.number()).append(". ").append(esc(s.note())).append("</h2>\n<p class=\"when\">")
          .append(esc(s.offset())).append(" · ").append(esc(s.time())).append("</p>\n");
      byte[] png = pictures.get(i);
      if (png != null) {
        h.append("<img alt=\"the cluster at ").append(esc(s.offset())).append("\" src=\"data:image/png;base64,")
            .append(Base64.getEncoder().encodeToString(png)).append("\">\n");
      }
      h.append("<h3>Connections around it</h3>\n");
      if (s.rows().isEmpty()) {
        h.append("<p class=\"none\">No connection started within 5 s of it.</p>\n");
      } else {
        h.append("<table><thead><tr><th>Started</th><th>Trace</th><th>Client</th><th>Name</th>")
            .append("<th>Service</th><th>Rule and chance</th><th>Backend</th><th>Outcome</th>")
            .append("<th>Evidence</th></tr></thead><tbody>\n");
        for (Walkthrough.Row r : s.rows()) {
          h.append("<tr>");
          for (String c : List.of(r.started(), r.id(), r.client(), r.name(), r.service(), r.rule(),
              r.backend(), r.outcome())) {
            h.append("<td>").append(esc(c)).append("</td>");
          }
          h.append("<td title=\"").append(esc(r.evidenceWords())).append("\">")
              .append(esc(r.evidence())).append("</td></tr>\n");
        }
        h.append("</tbody></table>\n");
        if (s.more() > 0) {
          h.append("<p class=\"none\">and ").append(s.more()).append(" more.</p>\n");
        }
      }
      changes(h, "Cluster and rule changes around it", s.changes(), "No change within 5 s.");
      changes(h, "Losses around it", s.losses(), "Nothing was lost within 5 s.");
      h.append("</section>\n");
    }
    return h.append("</body></html>\n").toString();
  }

  private static void changes(StringBuilder h, String title, List<Walkthrough.Change> list,
      String none) {
    h.append("<h3>").append(title).append("</h3>\n");
    if (list.isEmpty()) {
      h.append("<p class=\"none\">").append(none).append("</p>\n");
      return;
    }
    h.append("<ul>\n");
    for (Walkthrough.Change c : list) {
      h.append("<li>").append(esc(c.at())).append(" · ").append(esc(c.kind())).append(": ")
          .append(esc(c.text())).append("</li>\n");
    }
    h.append("</ul>\n");
  }

  /** @param pictures the picture file of each section, relative to the Markdown file, or null */
  static String markdown(Walkthrough w, List<String> pictures, String application) {
    StringBuilder m = new StringBuilder();
    m.append("# Walkthrough: ").append(w.title).append("\n\n").append(w.sections.size())
        .append(" bookmarks over ").append(w.span).append(". Written by ").append(application)
        .append(". Times are offsets on the session's timeline, then UTC. Stage marks: ● observed")
        .append(" ◐ inferred ? unknown – none, in the order DNS · Service · DNAT · backend.\n");
    for (int i = 0; i < w.sections.size(); i++) {
      Walkthrough.Section s = w.sections.get(i);
      m.append("\n## ").append(s.number()).append(". ").append(s.note().replace("\n", " "))
          .append("\n\n").append(s.offset()).append(" · ").append(s.time()).append("\n\n");
      if (pictures.get(i) != null) {
        m.append("![the cluster at ").append(s.offset()).append("](").append(pictures.get(i))
            .append(")\n\n");
      }
      m.append("### Connections around it\n\n");
      if (s.rows().isEmpty()) {
        m.append("No connection started within 5 s of it.\n");
      } else {
        m.append("| Started | Trace | Client | Name | Service | Rule and chance | Backend | Outcome"
            + " | Evidence |\n|---|---|---|---|---|---|---|---|---|\n");
        for (Walkthrough.Row r : s.rows()) {
          m.append("|");
          for (String c : List.of(r.started(), r.id(), r.client(), r.name(), r.service(), r.rule(),
              r.backend(), r.outcome(), r.evidence())) {
            m.append(" ").append(c.replace("|", "\\|")).append(" |");
          }
          m.append("\n");
        }
        if (s.more() > 0) {
          m.append("\nand ").append(s.more()).append(" more.\n");
        }
      }
      list(m, "Cluster and rule changes around it", s.changes(), "No change within 5 s.");
      list(m, "Losses around it", s.losses(), "Nothing was lost within 5 s.");
    }
    return m.toString();
  }

  private static void list(StringBuilder m, String title, List<Walkthrough.Change> list,
      String none) {
    m.append("\n### ").append(title).append("\n\n");
    if (list.isEmpty()) {
      m.append(none).append("\n");
      return;
    }
    for (Walkthrough.Change c : list) {
      m.append("- ").append(c.at()).append(" · ").append(c.kind()).append(": ")
          .append(c.text()).append("\n");
    }
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
