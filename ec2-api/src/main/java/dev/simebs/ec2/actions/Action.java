package dev.simebs.ec2.actions;

import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;

/**
 * One EC2 action: it reads and checks the whole request first, then calls the backend, then
 * writes the answer's elements. Backend failures propagate as they are; the service maps them.
 */
public interface Action {

  /** The {@code Action=} name, e.g. {@code CreateVolume}. */
  String name();

  /** False for Describe actions, which read-only keys may call. */
  boolean mutates();

  /**
   * The parameters it takes, by first name segment ({@code Filter} for {@code Filter.1.Name});
   * any other is UnknownParameter. {@code Action}, {@code Version} and {@code DryRun} are always
   * accepted.
   */
  Set<String> parameters();

  void answer(Ec2Request request, XmlAnswer out);
}
