package dev.simebs.cloudcli;

/** How answers are printed. */
public enum OutputFormat {
  table,
  json,
  yaml
}
