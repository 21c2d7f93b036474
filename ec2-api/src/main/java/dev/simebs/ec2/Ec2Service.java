package dev.simebs.ec2;

import dev.simebs.ec2.actions.Action;
import dev.simebs.ec2.actions.Ec2Request;
import dev.simebs.ec2.auth.AccessKey;
import dev.simebs.ec2.auth.SigV4Verifier;
import dev.simebs.ec2.http.HttpCall;
import dev.simebs.ec2.query.BackendErrorCodes;
import dev.simebs.ec2.query.Ec2ErrorCode;
import dev.simebs.ec2.query.Ec2Exception;
import dev.simebs.ec2.query.QueryParams;
import dev.simebs.ec2.xml.XmlAnswer;
import io.grpc.StatusRuntimeException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one EC2 Query request: verify the signature, read the parameters, check the key may
 * call the action, run it, and write the XML answer or EC2's error document. This is the only
 * place backend failures become EC2 errors (through {@link BackendErrorCodes}).
 */
public final class Ec2Service {

  /** An answer: HTTP status and XML body. */
  public record Answer(int status, byte[] body) {}

  private static final Logger log = LoggerFactory.getLogger(Ec2Service.class);
  private static final Set<String> COMMON_PARAMETERS = Set.of("Action", "Version", "DryRun");

  private final SigV4Verifier verifier;
  private final Map<String, Action> actions;

  public Ec2Service(SigV4Verifier verifier, List<Action> actions) {
    this.verifier = verifier;
    this.actions = actions.stream()
        .collect(Collectors.toUnmodifiableMap(Action::name, Function.identity()));
  }

  public Answer answer(HttpCall call, String requestId) {
    String actionName = "";
    try {
      SigV4Verifier.Signer signer = verifier.verify(call);
      QueryParams params = parameters(call);
      actionName = params.required("Action");
      Action action = action(actionName);
      params.required("Version");
      checkParameters(action, params);
      if (action.kind() == Action.Kind.MUTATE
          && signer.key().access() == AccessKey.Access.READ_ONLY) {
        throw Ec2Exception.of(Ec2ErrorCode.UNAUTHORIZED_OPERATION,
            "You are not authorized to perform this operation (key of profile [%s] is"
                + " read-only)", signer.key().profile());
      }
      if (params.flag("DryRun")) {
        throw Ec2Exception.of(Ec2ErrorCode.DRY_RUN_OPERATION,
            "Request would have succeeded, but DryRun flag is set.");
      }
      XmlAnswer out = XmlAnswer.response(action.name(), requestId);
      action.handler().answer(new Ec2Request(params, signer.region()), out);
      log.debug("{} by [{}]: ok", actionName, signer.key().profile());
      return new Answer(200, out.finish());
    } catch (Ec2Exception e) {
      return error(actionName, e, requestId);
    } catch (StatusRuntimeException e) {
      return error(actionName, BackendErrorCodes.toEc2(actionName, e), requestId);
    } catch (RuntimeException e) {
      log.error("{} failed unexpectedly (request {})", actionName, requestId, e);
      return error(actionName, new Ec2Exception(Ec2ErrorCode.INTERNAL_ERROR,
          "An internal error has occurred (request " + requestId + ")"), requestId);
    }
  }

  private Action action(String name) {
    Action action = actions.get(name);
    if (action == null) {
      throw Ec2Exception.of(Ec2ErrorCode.INVALID_ACTION,
          "The action %s is not valid for this web service (SimEBS serves %s).", name,
          String.join(", ", actions.keySet().stream().sorted().toList()));
    }
    return action;
  }

  private static QueryParams parameters(HttpCall call) {
    QueryParams query = QueryParams.parse(call.rawQuery());
    return switch (call.method()) {
      case "GET" -> query;
      case "POST" -> query.with(QueryParams.parse(new String(call.body(),
          StandardCharsets.UTF_8)));
      default -> throw Ec2Exception.of(Ec2ErrorCode.INVALID_ACTION,
          "The HTTP method %s is not supported; use POST", call.method());
    };
  }

  private static void checkParameters(Action action, QueryParams params) {
    for (String name : params.topLevelNames()) {
      if (!COMMON_PARAMETERS.contains(name) && !action.handler().parameters().contains(name)) {
        throw Ec2Exception.of(Ec2ErrorCode.UNKNOWN_PARAMETER,
            "The parameter %s is not recognized by %s", name, action.name());
      }
    }
  }

  private static Answer error(String action, Ec2Exception e, String requestId) {
    if (e.code().httpStatus() >= 500) {
      log.warn("{}: {} {} (request {})", action, e.code().code(), e.getMessage(), requestId);
    } else {
      log.debug("{}: {} {} (request {})", action, e.code().code(), e.getMessage(), requestId);
    }
    return new Answer(e.code().httpStatus(),
        XmlAnswer.error(e.code().code(), e.getMessage(), requestId));
  }
}
