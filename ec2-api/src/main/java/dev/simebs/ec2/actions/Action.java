package dev.simebs.ec2.actions;

import dev.simebs.ec2.xml.XmlAnswer;
import java.util.Set;

/**
 * One EC2 action: its name, whether it changes anything (read-only keys may only describe),
 * and the handler that answers it.
 */
public record Action(String name, Kind kind, Handler handler) {

  /** What an action does to the cloud. */
  public enum Kind {
    DESCRIBE,
    MUTATE
  }

  /**
   * Answers one action: reads and checks the whole request first, then calls the backend, then
   * writes the answer's elements. Backend failures propagate as they are; the service maps them.
   */
  public interface Handler {

    /**
     * The parameters it takes, by first name segment ({@code Filter} for
     * {@code Filter.1.Name}); any other is UnknownParameter. {@code Action}, {@code Version} and
     * {@code DryRun} are always accepted.
     */
    Set<String> parameters();

    void answer(Ec2Request request, XmlAnswer out);
  }
}
