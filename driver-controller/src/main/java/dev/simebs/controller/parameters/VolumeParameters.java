package dev.simebs.controller.parameters;

import dev.simebs.backend.api.Tag;
import dev.simebs.common.fs.FsType;
import dev.simebs.common.grpc.InvalidRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The parsed and checked parameters of a CreateVolume: the StorageClass's {@code parameters}
 * with the VolumeAttributesClass's {@code mutable_parameters} laid over them.
 *
 * @param iopsPerGb IOPS per GiB of size, turned into IOPS by {@link #iopsFor(long)}
 * @param metadataTags tags naming the Kubernetes objects the volume was made for
 */
public record VolumeParameters(
    VolumeTypeRules type,
    OptionalInt iops,
    OptionalInt iopsPerGb,
    OptionalInt throughput,
    boolean encrypted,
    Optional<String> kmsKeyId,
    Optional<FsType> fsType,
    MkfsOptions mkfs,
    boolean multiAttach,
    List<Tag> tags,
    List<Tag> metadataTags) {

  private static final IntRange POSITIVE = new IntRange(1, Integer.MAX_VALUE);

  /** Parses {@code parameters} and {@code mutableParameters}; unknown keys are INVALID_ARGUMENT. */
  public static VolumeParameters parse(Map<String, String> parameters, Map<String, String> mutableParameters) {
    Builder b = new Builder();
    for (Map.Entry<String, String> entry : parameters.entrySet()) {
      b.accept(entry.getKey(), entry.getValue());
    }
    MutableParameters mutable = MutableParameters.parse(mutableParameters, "mutable_parameters");
    mutable.type().ifPresent(t -> b.type = t);
    if (mutable.iops().isPresent()) {
      b.iops = mutable.iops();
      b.iopsPerGb = OptionalInt.empty();
    }
    if (mutable.throughput().isPresent()) {
      b.throughput = mutable.throughput();
    }
    List<Tag> tags = mergeTags(TagSpecifications.parse(parameters), mutable.tags());
    return b.build(tags);
  }

  /** The IOPS to provision for a volume of {@code sizeGiB}, if any were asked for. */
  public OptionalInt iopsFor(long sizeGiB) {
    if (iops.isPresent() || iopsPerGb.isEmpty()) {
      return iops;
    }
    long wanted = iopsPerGb.getAsInt() * sizeGiB;
    IntRange range = type.iops().orElseThrow();
    if (wanted < range.min()) {
      throw new InvalidRequest(
          "%s %d on %d GiB gives %d IOPS, below the minimum of %d for type %s",
          ParameterKeys.IOPS_PER_GB, iopsPerGb.getAsInt(), sizeGiB, wanted, range.min(), type.typeName());
    }
    return OptionalInt.of((int) Math.min(wanted, range.max()));
  }

  private static List<Tag> mergeTags(List<Tag> base, List<Tag> overrides) {
    List<Tag> merged = new ArrayList<>();
    for (Tag tag : base) {
      if (overrides.stream().noneMatch(o -> o.getKey().equals(tag.getKey()))) {
        merged.add(tag);
      }
    }
    merged.addAll(overrides);
    return List.copyOf(merged);
  }

  private static final class Builder {
    VolumeTypeRules type = VolumeTypeRules.DEFAULT;
    OptionalInt iops = OptionalInt.empty();
    OptionalInt iopsPerGb = OptionalInt.empty();
    OptionalInt throughput = OptionalInt.empty();
    boolean encrypted;
    Optional<String> kmsKeyId = Optional.empty();
    Optional<FsType> fsType = Optional.empty();
    OptionalInt blockSize = OptionalInt.empty();
    OptionalInt inodeSize = OptionalInt.empty();
    OptionalInt bytesPerInode = OptionalInt.empty();
    OptionalInt numberOfInodes = OptionalInt.empty();
    boolean multiAttach;
    final List<Tag> metadataTags = new ArrayList<>();

    void accept(String key, String value) {
      if (ParameterKeys.matches(key, ParameterKeys.TYPE)) {
        type = VolumeTypeRules.parse(value, key);
      } else if (ParameterKeys.matches(key, ParameterKeys.IOPS)) {
        iops = OptionalInt.of(ParameterValues.integer(key, value, POSITIVE));
      } else if (ParameterKeys.matches(key, ParameterKeys.IOPS_PER_GB)) {
        iopsPerGb = OptionalInt.of(ParameterValues.integer(key, value, POSITIVE));
      } else if (ParameterKeys.matches(key, ParameterKeys.THROUGHPUT)) {
        throughput = OptionalInt.of(ParameterValues.integer(key, value, POSITIVE));
      } else if (ParameterKeys.matches(key, ParameterKeys.ENCRYPTED)) {
        encrypted = ParameterValues.bool(key, value);
      } else if (ParameterKeys.matches(key, ParameterKeys.KMS_KEY_ID)) {
        kmsKeyId = Optional.of(ParameterValues.nonBlank(key, value));
      } else if (ParameterKeys.matches(key, ParameterKeys.FS_TYPE)) {
        fsType = FsType.parse(value, key);
      } else if (ParameterKeys.matches(key, ParameterKeys.BLOCK_SIZE)) {
        blockSize = OptionalInt.of(ParameterValues.integer(key, value, MkfsOptions.ANY_SIZE));
      } else if (ParameterKeys.matches(key, ParameterKeys.INODE_SIZE)) {
        inodeSize = OptionalInt.of(ParameterValues.integer(key, value, MkfsOptions.ANY_SIZE));
      } else if (ParameterKeys.matches(key, ParameterKeys.BYTES_PER_INODE)) {
        bytesPerInode = OptionalInt.of(ParameterValues.integer(key, value, MkfsOptions.BYTES_PER_INODE));
      } else if (ParameterKeys.matches(key, ParameterKeys.NUMBER_OF_INODES)) {
        numberOfInodes = OptionalInt.of(ParameterValues.integer(key, value, MkfsOptions.NUMBER_OF_INODES));
      } else if (ParameterKeys.matches(key, ParameterKeys.MULTI_ATTACH)) {
        multiAttach = ParameterValues.bool(key, value);
      } else if (ParameterKeys.isKubernetes(key)) {
        KubernetesTags.forParameter(key, value).ifPresent(metadataTags::add);
      } else if (!ParameterKeys.isTagSpecification(key)) {
        throw new InvalidRequest(
            "parameter \"%s\" is unknown; see docs/controller.md for the supported keys", key);
      }
    }

    VolumeParameters build(List<Tag> tags) {
      if (iops.isPresent() && iopsPerGb.isPresent()) {
        throw new InvalidRequest(
            "parameters %s and %s are mutually exclusive; give one", ParameterKeys.IOPS, ParameterKeys.IOPS_PER_GB);
      }
      iops.ifPresent(v -> type.checkIops(v, ParameterKeys.IOPS));
      if (iopsPerGb.isPresent() && type.iops().isEmpty()) {
        type.checkIops(iopsPerGb.getAsInt(), ParameterKeys.IOPS_PER_GB);
      }
      throughput.ifPresent(v -> type.checkThroughput(v, ParameterKeys.THROUGHPUT));
      if (kmsKeyId.isPresent() && !encrypted) {
        throw new InvalidRequest(
            "%s needs %s=\"true\"", ParameterKeys.KMS_KEY_ID, ParameterKeys.ENCRYPTED);
      }
      if (multiAttach && !type.allowsMultiAttach()) {
        throw new InvalidRequest(
            "%s=\"true\" needs type io2, not %s", ParameterKeys.MULTI_ATTACH, type.typeName());
      }
      MkfsOptions mkfs = new MkfsOptions(blockSize, inodeSize, bytesPerInode, numberOfInodes);
      fsType.ifPresent(mkfs::checkFor);
      return new VolumeParameters(
          type, iops, iopsPerGb, throughput, encrypted, kmsKeyId, fsType, mkfs, multiAttach, tags,
          List.copyOf(metadataTags));
    }
  }
}
