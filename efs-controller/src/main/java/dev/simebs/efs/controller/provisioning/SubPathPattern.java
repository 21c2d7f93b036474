package dev.simebs.efs.controller.provisioning;

import dev.simebs.common.grpc.InvalidRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code subPathPattern} as the upstream EFS driver takes it: text with the variables
 * {@code ${.PV.name}}, {@code ${.PVC.name}} and {@code ${.PVC.namespace}}, expanded per volume.
 */
public record SubPathPattern(String text) {

  public static final String PV_NAME = "${.PV.name}";
  public static final String PVC_NAME = "${.PVC.name}";
  public static final String PVC_NAMESPACE = "${.PVC.namespace}";
  public static final SubPathPattern DEFAULT = new SubPathPattern("/" + PV_NAME);

  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}");
  private static final List<String> KNOWN = List.of(PV_NAME, PVC_NAME, PVC_NAMESPACE);

  /** The names a pattern is expanded with; the PVC's are there only with extra create metadata. */
  public record Names(String pvName, Optional<String> pvcName, Optional<String> pvcNamespace) {}

  /** Reads a pattern; an unknown variable is invalid, named in the message. */
  public static SubPathPattern parse(String key, String text) {
    Matcher variables = VARIABLE.matcher(text);
    while (variables.find()) {
      if (!KNOWN.contains(variables.group())) {
        throw new InvalidRequest("%s", "%s: unknown variable %s; use %s"
            .formatted(key, variables.group(), String.join(", ", KNOWN)));
      }
    }
    if (text.replace("/", "").isBlank()) {
      throw new InvalidRequest("%s", key + " must name at least one directory");
    }
    return new SubPathPattern(text);
  }

  /** The directory names the pattern gives for one volume. */
  public List<String> expand(Names names) {
    String expanded = text.replace(PV_NAME, names.pvName());
    expanded = replace(expanded, PVC_NAME, names.pvcName());
    expanded = replace(expanded, PVC_NAMESPACE, names.pvcNamespace());
    List<String> components = new ArrayList<>();
    for (String name : expanded.split("/")) {
      if (!name.isEmpty()) {
        components.add(name);
      }
    }
    return components;
  }

  private static String replace(String text, String variable, Optional<String> value) {
    if (!text.contains(variable)) {
      return text;
    }
    return text.replace(variable, value.orElseThrow(() -> new InvalidRequest("%s", 
        "subPathPattern uses %s, which needs the PVC's name and namespace in the parameters"
            .formatted(variable) + " (csi-provisioner --extra-create-metadata)")));
  }
}
