package dev.simebs.ec2.query;

/**
 * The EC2 error codes SimEBS answers with, and the HTTP status of each (client errors 4xx, server
 * errors 5xx, as EC2 sends them; SDKs retry the 5xx ones and RequestLimitExceeded).
 */
public enum Ec2ErrorCode {
  // The request itself.
  INVALID_ACTION("InvalidAction", 400),
  INVALID_PARAMETER_VALUE("InvalidParameterValue", 400),
  INVALID_PARAMETER_COMBINATION("InvalidParameterCombination", 400),
  MISSING_PARAMETER("MissingParameter", 400),
  UNKNOWN_PARAMETER("UnknownParameter", 400),
  INVALID_ID("InvalidID", 400),
  INVALID_VOLUME_ID_MALFORMED("InvalidVolumeID.Malformed", 400),
  INVALID_SNAPSHOT_ID_MALFORMED("InvalidSnapshotID.Malformed", 400),
  INVALID_INSTANCE_ID_MALFORMED("InvalidInstanceID.Malformed", 400),
  // Authentication and authorisation. EC2 sends 401 for the first two; 400 here, because the
  // JDK's HttpURLConnection (the SDK's url-connection client) cannot read the body of a 401
  // answer to a streamed POST, so such clients would see no code at all.
  MISSING_AUTHENTICATION_TOKEN("MissingAuthenticationToken", 400),
  AUTH_FAILURE("AuthFailure", 400),
  INCOMPLETE_SIGNATURE("IncompleteSignature", 400),
  SIGNATURE_DOES_NOT_MATCH("SignatureDoesNotMatch", 403),
  REQUEST_EXPIRED("RequestExpired", 400),
  UNAUTHORIZED_OPERATION("UnauthorizedOperation", 403),
  DRY_RUN_OPERATION("DryRunOperation", 412),
  // The resources.
  INVALID_VOLUME_NOT_FOUND("InvalidVolume.NotFound", 400),
  INVALID_VOLUME_ZONE_MISMATCH("InvalidVolume.ZoneMismatch", 400),
  INVALID_SNAPSHOT_NOT_FOUND("InvalidSnapshot.NotFound", 400),
  INVALID_INSTANCE_ID_NOT_FOUND("InvalidInstanceID.NotFound", 400),
  INVALID_ATTACHMENT_NOT_FOUND("InvalidAttachment.NotFound", 400),
  VOLUME_IN_USE("VolumeInUse", 400),
  INCORRECT_STATE("IncorrectState", 400),
  INCORRECT_MODIFICATION_STATE("IncorrectModificationState", 400),
  VOLUME_MODIFICATION_RATE_EXCEEDED("VolumeModificationRateExceeded", 400),
  ATTACHMENT_LIMIT_EXCEEDED("AttachmentLimitExceeded", 400),
  VOLUME_LIMIT_EXCEEDED("VolumeLimitExceeded", 400),
  IDEMPOTENT_PARAMETER_MISMATCH("IdempotentParameterMismatch", 400),
  // The service.
  REQUEST_LIMIT_EXCEEDED("RequestLimitExceeded", 503),
  INSUFFICIENT_VOLUME_CAPACITY("InsufficientVolumeCapacity", 503),
  UNAVAILABLE("Unavailable", 503),
  INTERNAL_ERROR("InternalError", 500);

  private final String code;
  private final int httpStatus;

  Ec2ErrorCode(String code, int httpStatus) {
    this.code = code;
    this.httpStatus = httpStatus;
  }

  /** The code as it appears in {@code <Code>}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }
}
