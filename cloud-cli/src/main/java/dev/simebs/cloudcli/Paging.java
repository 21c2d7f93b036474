package dev.simebs.cloudcli;

import com.google.protobuf.MessageOrBuilder;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * Paging as the cloud's CLI does it: with {@code --max-results} one page is shown and its next
 * token printed; without, every page is fetched and shown as one answer.
 */
final class Paging {

  private static final int PAGE_SIZE = 200;

  @Option(names = "--max-results", paramLabel = "N", description = "Show one page of at most N, and the token for the next.")
  Integer maxResults;

  @Option(names = "--next-token", paramLabel = "TOKEN", description = "Start after the page that gave this token.")
  String nextToken = "";

  /**
   * Fetches pages through {@code fetch} (given a token and a page size, it adds the page's items
   * to the answer being built and returns the next token) and returns the token after the last
   * page shown ("" when there is none).
   */
  String fetch(FetchPage fetch) {
    if (maxResults != null) {
      return fetch.page(nextToken, maxResults);
    }
    String token = nextToken;
    do {
      token = fetch.page(token, PAGE_SIZE);
    } while (!token.isEmpty());
    return "";
  }

  /** Fetches one page and adds it to the answer; returns the next token. */
  @FunctionalInterface
  interface FetchPage {
    String page(String token, int maxResults);
  }

  /**
   * Fetches the pages into {@code answer}, sets its next token, prints it, and under a table says
   * how to see more.
   */
  <B extends MessageOrBuilder> void show(
      Printer out, B answer, FetchPage fetch, BiConsumer<B, String> setNextToken, Supplier<Table> table) {
    String next = fetch(fetch);
    setNextToken.accept(answer, next);
    out.print(answer, table);
    if (!next.isEmpty()) {
      out.note("NextToken: " + next + "  (repeat with --next-token to see more)");
    }
  }
}
