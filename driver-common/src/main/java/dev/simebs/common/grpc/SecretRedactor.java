package dev.simebs.common.grpc;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import csi.v1.Csi;
import java.util.List;
import java.util.Map;

/**
 * Copies a message with every field that CSI marks {@code csi_secret} blanked out, at any depth.
 * The spec's descriptor option decides what is secret, so a new secret field in a later spec is
 * covered without a change here.
 */
public final class SecretRedactor {

  static final String REDACTED = "***redacted***";

  private SecretRedactor() {}

  public static Message redact(Message message) {
    Message.Builder builder = message.toBuilder();
    for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
      FieldDescriptor descriptor = field.getKey();
      if (isSecret(descriptor)) {
        builder.clearField(descriptor);
        if (descriptor.isMapField()) {
          redactMapValues(builder, descriptor, (List<?>) field.getValue());
        } else if (descriptor.getJavaType() == FieldDescriptor.JavaType.STRING
            && !descriptor.isRepeated()) {
          builder.setField(descriptor, REDACTED);
        }
      } else if (descriptor.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
        builder.clearField(descriptor);
        if (descriptor.isRepeated()) {
          for (Object element : (List<?>) field.getValue()) {
            builder.addRepeatedField(descriptor, redact((Message) element));
          }
        } else {
          builder.setField(descriptor, redact((Message) field.getValue()));
        }
      }
    }
    return builder.build();
  }

  private static void redactMapValues(
      Message.Builder builder, FieldDescriptor descriptor, List<?> entries) {
    FieldDescriptor value = descriptor.getMessageType().findFieldByName("value");
    for (Object entry : entries) {
      Message redacted = ((Message) entry).toBuilder().setField(value, REDACTED).build();
      builder.addRepeatedField(descriptor, redacted);
    }
  }

  private static boolean isSecret(FieldDescriptor descriptor) {
    return descriptor.getOptions().getExtension(Csi.csiSecret);
  }
}
