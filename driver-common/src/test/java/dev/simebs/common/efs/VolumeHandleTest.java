package dev.simebs.common.efs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class VolumeHandleTest {

  private static final String FS = "fs-0123456789abcdef0";
  private static final String AP = "fsap-0123456789abcdef0";

  @Test
  void everyUpstreamFormIsRead() {
    assertThat(VolumeHandle.parse(FS))
        .isEqualTo(new VolumeHandle(FS, List.of(), Optional.empty()));
    assertThat(VolumeHandle.parse(FS + ":/a/b"))
        .isEqualTo(new VolumeHandle(FS, List.of("a", "b"), Optional.empty()));
    assertThat(VolumeHandle.parse(FS + "::" + AP))
        .isEqualTo(new VolumeHandle(FS, List.of(), Optional.of(AP)));
    assertThat(VolumeHandle.parse(FS + ":/a:" + AP))
        .isEqualTo(new VolumeHandle(FS, List.of("a"), Optional.of(AP)));
  }

  @ParameterizedTest
  @ValueSource(strings = {FS, FS + ":/a/b", FS + "::" + AP, FS + ":/a:" + AP})
  void aHandleReadsBackToItself(String handle) {
    assertThat(VolumeHandle.parse(handle).toString()).isEqualTo(handle);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "vol-0123456789abcdef0", "fs-123", FS + ":a", FS + ":/a/../b",
      FS + ":/a//b", FS + ":/a:fsap-1", FS + ":/a:" + AP + ":x", FS + ":" + AP, "FS-0123456789ABCDEF0"})
  void malformedHandlesNameTheFormsExpected(String handle) {
    assertThatThrownBy(() -> VolumeHandle.parse(handle))
        .isInstanceOf(VolumeHandle.MalformedHandleException.class)
        .hasMessageContaining(VolumeHandle.FORMS);
  }
}
