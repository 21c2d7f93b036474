package dev.simebs.backend.model;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Fills one page from keyset queries in ID order: fetches chunks after a cursor, keeps what the
 * filter accepts, and stops once the page (plus one, to know whether more follow) is full.
 */
public final class KeysetPages {

  private static final int CHUNK = 500;

  /** One keyset query: up to {@code limit} rows with IDs after {@code cursor}, in ID order. */
  @FunctionalInterface
  public interface Fetch<T> {
    List<T> after(String cursor, int limit) throws SQLException;
  }

  /** A page and the token for the next one ("" when this was the last). */
  public record Page<T>(List<T> items, String nextToken) {}

  private KeysetPages() {}

  public static <T> Page<T> collect(Fetch<T> fetch, Function<T, String> id, Predicate<T> filter,
      String after, int max) throws SQLException {
    List<T> page = new ArrayList<>();
    String cursor = after;
    boolean more = true;
    while (page.size() <= max && more) {
      int chunk = (int) Math.min(CHUNK, (long) max - page.size() + 1);
      List<T> rows = fetch.after(cursor, chunk);
      more = rows.size() == chunk;
      for (T row : rows) {
        cursor = id.apply(row);
        if (page.size() <= max && filter.test(row)) {
          page.add(row);
        }
      }
    }
    if (page.size() > max) {
      List<T> items = page.subList(0, max);
      return new Page<>(items, PageTokens.encode(id.apply(items.getLast())));
    }
    return new Page<>(page, "");
  }
}
