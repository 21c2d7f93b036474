package dev.simebs.controller.paging;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.Orderings;
import dev.simebs.common.errors.ControllerRefusal;
import java.util.List;
import java.util.function.Function;

/**
 * Paging for ListVolumes and ListSnapshots. Objects are listed in ID order and the token is the
 * ID of the last object returned, so a page is found again even when that object was deleted in
 * between, and the controller keeps no paging state. A token that is not an ID is ABORTED, as
 * the spec asks for an invalid starting_token.
 */
public final class Pages {

  private Pages() {}

  /** One page and the token of the next one (empty on the last page). */
  public record Page<T>(List<T> items, String nextToken) {}

  /**
   * The page of {@code all} after {@code startingToken}.
   *
   * @param kind the kind of ID tokens must be
   * @param maxEntries 0 for no limit (validated by the caller)
   */
  public static <T> Page<T> page(
      List<T> all, Function<T, String> idOf, ResourceIds kind, String startingToken, int maxEntries) {
    if (!startingToken.isEmpty() && !kind.isValid(startingToken)) {
      throw ControllerRefusal.staleToken("starting_token \"%s\" is not valid; start again without one", startingToken);
    }
    List<T> after =
        all.stream()
            .sorted(Orderings.byText(idOf))
            .filter(item -> startingToken.isEmpty() || idOf.apply(item).compareTo(startingToken) > 0)
            .toList();
    if (maxEntries == 0 || after.size() <= maxEntries) {
      return new Page<>(after, "");
    }
    List<T> items = after.subList(0, maxEntries);
    return new Page<>(List.copyOf(items), idOf.apply(items.getLast()));
  }
}
