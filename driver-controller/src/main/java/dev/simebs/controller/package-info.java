/**
 * The CSI Controller service of SimEBS: provisioning, attachment, snapshots, expansion and
 * modification, all driven through backend-sim's cloud API. {@link
 * dev.simebs.controller.ControllerPlugin} wires it; the feature packages hold the logic.
 */
package dev.simebs.controller;
