package dev.switchboard.app.export;

import dev.switchboard.app.trace.ConnectionTrace;

/**
 * Draws the picture of a session at a moment, as the window shows it, for a report. Implemented
 * by the UI (it draws with the window's renderer); called in time order from the exporting thread.
 */
public interface Pictures extends AutoCloseable {
  /**
   * @param focus the connection to hold in the picture at its DNAT stage, or null
   * @return a PNG
   */
  byte[] at(long nanos, ConnectionTrace focus) throws ExportException;

  @Override
  void close();
}
