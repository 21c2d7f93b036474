package dev.simebs.common.sys;

/**
 * What LOOP_GET_STATUS64 tells about a bound loop device.
 *
 * @param backingDevice st_dev of the backing file (the encoding stat(2) uses)
 * @param backingInode st_ino of the backing file
 * @param label the device's lo_file_name: what the binder wrote there (at most 63 bytes)
 * @param readOnly the device refuses writes
 * @param autoclear the device goes at its last close (someone asked to detach it while it was open)
 */
public record LoopStatus(
    long backingDevice, long backingInode, String label, boolean readOnly, boolean autoclear) {}
