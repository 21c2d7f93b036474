package dev.simebs.controller.paging;

import static dev.simebs.common.testing.DomainAssertions.assertRefused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.simebs.backend.api.ResourceIds;
import dev.simebs.common.errors.ControllerRefusal.Reason;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PagesTest {

  private static final String A = "vol-0000000000000000a";
  private static final String B = "vol-0000000000000000b";
  private static final String C = "vol-0000000000000000c";

  @Test
  void noLimitReturnsEverythingInIdOrderWithoutToken() {
    Pages.Page<String> page = page(List.of(C, A, B), "", 0);

    assertThat(page.items()).containsExactly(A, B, C);
    assertThat(page.nextToken()).isEmpty();
  }

  @Test
  void limitSplitsIntoPagesJoinedByTokens() {
    Pages.Page<String> first = page(List.of(A, B, C), "", 2);
    Pages.Page<String> second = page(List.of(A, B, C), first.nextToken(), 2);

    assertThat(first.items()).containsExactly(A, B);
    assertThat(second.items()).containsExactly(C);
    assertThat(second.nextToken()).isEmpty();
  }

  @Test
  void tokenStillWorksWhenItsObjectWasDeleted() {
    Pages.Page<String> first = page(List.of(A, B, C), "", 2);

    assertThat(page(List.of(A, C), first.nextToken(), 2).items()).containsExactly(C);
  }

  @Test
  void exactlyFullLastPageHasNoToken() {
    assertThat(page(List.of(A, B), "", 2).nextToken()).isEmpty();
  }

  @Test
  void tokenThatIsNotAnIdIsAborted() {
    assertRefused(Reason.STALE_TOKEN, () -> page(List.of(A), "not-a-token", 0)).contains("starting_token");
  }

  @Test
  void tokenOfTheWrongKindIsAborted() {
    assertRefused(Reason.STALE_TOKEN, () -> page(List.of(A), "snap-0000000000000000a", 0));
  }

  private static Pages.Page<String> page(List<String> ids, String token, int max) {
    return Pages.page(ids, Function.identity(), ResourceIds.VOLUME, token, max);
  }
}
