package dev.vernier.monitor.service;

/** A monitor, window or alert that does not exist (HTTP 404). */
public final class NotFoundException extends RuntimeException {
  private final String kind;
  private final String id;

  public NotFoundException(String kind, String id) {
    super(kind + " " + id + " not found");
    this.kind = kind;
    this.id = id;
  }

  public String kind() {
    return kind;
  }

  public String id() {
    return id;
  }
}
