package dev.simebs.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Serializable;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderingsTest {

  record Item(String id, long free) {}

  private final List<Item> items = List.of(new Item("vol-b", 5), new Item("vol-c", 1), new Item("vol-a", 9));

  @Test
  void byTextSortsInStringOrder() {
    assertThat(items.stream().sorted(Orderings.byText(Item::id)).map(Item::id))
        .containsExactly("vol-a", "vol-b", "vol-c");
  }

  @Test
  void byNumberSortsSmallestFirst() {
    assertThat(items.stream().sorted(Orderings.byNumber(Item::free)).map(Item::free)).containsExactly(1L, 5L, 9L);
    assertThat(items.stream().max(Orderings.byNumber(Item::free))).contains(items.get(2));
  }

  @Test
  void comparatorsAreNotSerializableLambdas() {
    // Serializable lambdas are what the AOT cache cannot hold; these must stay plain.
    Comparator<Item> text = Orderings.byText(Item::id);
    Comparator<Item> number = Orderings.byNumber(Item::free);
    assertThat(text).isNotInstanceOf(Serializable.class);
    assertThat(number).isNotInstanceOf(Serializable.class);
    assertThat(Comparator.comparing(Item::id)).isInstanceOf(Serializable.class);
  }
}
