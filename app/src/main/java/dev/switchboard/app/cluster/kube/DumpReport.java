package dev.switchboard.app.cluster.kube;

import java.util.List;
import java.util.Map;

/**
 * What a dump load found: objects loaded per kind, kinds it does not draw, and items it could not
 * read (each with its position and reason). Immutable; any thread.
 */
public record DumpReport(Map<String, Integer> loaded, Map<String, Integer> ignored,
    List<String> problems) {}
