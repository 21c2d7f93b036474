package dev.simebs.cloudcli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Prints an answer: the API's message itself as JSON (protobuf's mapping: camelCase fields, enum
 * names, RFC 3339 times) or as the same tree in YAML, or a table made for people.
 */
final class Printer {

  private static final JsonFormat.Printer JSON = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
  private static final YAMLMapper YAML =
      new YAMLMapper(new YAMLFactory().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

  private final OutputFormat format;
  private final PrintWriter out;

  Printer(OutputFormat format, PrintWriter out) {
    this.format = format;
    this.out = out;
  }

  void print(MessageOrBuilder answer, Supplier<Table> table) {
    switch (format) {
      case table -> out.print(table.get().render());
      case json -> out.println(json(answer));
      case yaml -> out.print(yaml(answer));
    }
    out.flush();
  }

  /** One or more objects in full: their YAML for people, or the chosen machine format. */
  void printDetail(MessageOrBuilder answer) {
    out.print(format == OutputFormat.json ? json(answer) + "\n" : yaml(answer));
    out.flush();
  }

  /** A line for people (progress, confirmations); machine formats print only the answer. */
  void note(String line) {
    if (format == OutputFormat.table) {
      out.println(line);
      out.flush();
    }
  }

  private static String json(MessageOrBuilder answer) {
    try {
      return JSON.print(answer);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("cannot print " + answer.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static String yaml(MessageOrBuilder answer) {
    try {
      JsonNode tree = new ObjectMapper().readTree(json(answer));
      return YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
