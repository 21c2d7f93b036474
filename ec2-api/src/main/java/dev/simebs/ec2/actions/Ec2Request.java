package dev.simebs.ec2.actions;

import dev.simebs.ec2.query.QueryParams;

/**
 * An authenticated EC2 request.
 *
 * @param region the region the client signed for; SimEBS answers as that region
 */
public record Ec2Request(QueryParams params, String region) {}
