package dev.simebs.controller.paging;

import com.google.protobuf.MessageLite;
import dev.simebs.backend.api.ErrorReason;
import dev.simebs.common.backend.BackendFailure;
import dev.simebs.common.errors.ControllerRefusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Fills one ListVolumes or ListSnapshots page from the backend's keyset pages. The backend serves
 * at most 1000 objects a call, and a CSI response must stay well inside
 * gRPC's default 4 MiB message limit, so a page is read in backend calls of at most {@value
 * #BACKEND_PAGE} and ends at whichever comes first: max_entries, {@value #RESPONSE_BUDGET_BYTES}
 * bytes of entries, or the last object. max_entries = 0 leaves the size to the plugin (the spec's
 * words), so it gets a bounded page and a next_token too. Pages end on a backend page boundary,
 * so the backend's opaque next token is the CSI next_token and the controller keeps no state.
 */
public final class ListingPages {

  /** Objects asked of the backend per call. */
  static final int BACKEND_PAGE = 500;

  /** Serialized entries one CSI response carries before it ends with a next_token. */
  static final int RESPONSE_BUDGET_BYTES = 1 << 20;

  private ListingPages() {}

  /** One backend call: up to {@code maxResults} objects after {@code token}. */
  @FunctionalInterface
  public interface BackendPages<B> {
    Pages.Page<B> after(String token, int maxResults);
  }

  /**
   * The CSI page starting at {@code startingToken}.
   *
   * @param toEntry the CSI entry for a backend object, or empty when the object is not listed
   * @param maxEntries 0 for "the plugin chooses", else the most entries to return
   */
  public static <B, E extends MessageLite> Pages.Page<E> fill(
      BackendPages<B> backend, Function<B, Optional<E>> toEntry, String startingToken, int maxEntries) {
    List<E> entries = new ArrayList<>();
    long bytes = 0;
    String token = startingToken;
    boolean first = true;
    do {
      int wanted = maxEntries == 0 ? BACKEND_PAGE : Math.min(BACKEND_PAGE, maxEntries - entries.size());
      Pages.Page<B> page = first ? firstPage(backend, startingToken, wanted) : backend.after(token, wanted);
      first = false;
      for (B object : page.items()) {
        Optional<E> entry = toEntry.apply(object);
        if (entry.isPresent()) {
          entries.add(entry.get());
          bytes += entry.get().getSerializedSize();
        }
      }
      token = page.nextToken();
    } while (!token.isEmpty()
        && (maxEntries == 0 || entries.size() < maxEntries)
        && bytes < RESPONSE_BUDGET_BYTES);
    return new Pages.Page<>(List.copyOf(entries), token);
  }

  /** The backend refuses a token it did not make: ABORTED, as the spec asks. */
  private static <B> Pages.Page<B> firstPage(BackendPages<B> backend, String startingToken, int wanted) {
    try {
      return backend.after(startingToken, wanted);
    } catch (BackendFailure failure) {
      if (failure.is(ErrorReason.INVALID_PARAMETER_VALUE) && !startingToken.isEmpty()) {
        throw ControllerRefusal.staleToken(
            "starting_token \"%s\" is not valid; start again without one", startingToken);
      }
      throw failure;
    }
  }
}
