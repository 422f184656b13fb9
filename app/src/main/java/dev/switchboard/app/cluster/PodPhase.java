package dev.switchboard.app.cluster;

/** Pod lifecycle phase as the API reports it. */
public enum PodPhase {
  PENDING("Pending"),
  RUNNING("Running"),
  SUCCEEDED("Succeeded"),
  FAILED("Failed"),
  UNKNOWN("Unknown");

  private final String apiName;

  PodPhase(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** A finished pod (Completed or Failed) gives its IP back, even before it is deleted. */
  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }

  public static PodPhase parse(String value) {
    if (value != null) {
      for (PodPhase p : values()) {
        if (p.apiName.equals(value)) {
          return p;
        }
      }
    }
    return value == null ? PENDING : UNKNOWN;
  }
}
