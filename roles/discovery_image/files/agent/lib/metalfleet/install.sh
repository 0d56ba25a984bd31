# metalfleet agent: the install.  mf_install fetches the install instructions, downloads the image, verifies its
# checksum, writes it to the target disk, writes the boot information into the installed system, reports
# (Booting New Kernel) and reboots.  Any failure ends in mf_crash with the reason.

MF_IMAGE=/tmp/image
MF_TARGET=/mnt/target

# an absolute URL for a path the API gave (relative URLs are relative to the API that answered)
mf_absolute() {
    case "$1" in
        http://*|https://*) echo "$1" ;;
        /*) echo "${MF_APIS%% *}$1" ;;
        *) echo "${MF_APIS%% *}/$1" ;;
    esac
}

# mf_fetch URL FILE: download with retries and backoff (no -T: busybox's static wget crashes with it; timeout instead)
mf_fetch() {
    delay=1; round=1
    while [ "$round" -le "$MF_RETRIES" ]; do
        rm -f "$2"
        timeout "${MF_DOWNLOAD_TIMEOUT:-900}" wget -q -O "$2" "$1" 2>"$MF_ERRLOG" && return 0
        mf_log "download of $1 failed: $(tail -n 1 "$MF_ERRLOG")"
        grep -q 'HTTP/1\.[01] 4' "$MF_ERRLOG" && return 2
        sleep "$delay"; delay=$((delay * 2)); [ "$delay" -gt 30 ] && delay=30
        round=$((round + 1))
    done
    return 1
}

# mf_verify FILE CHECKSUM: CHECKSUM is sha256:<hex>, sha512:<hex> or a bare sha256 hex; prints the reason on failure
mf_verify() {
    case "$2" in
        sha256:*) algo=sha256; want="${2#sha256:}" ;;
        sha512:*) algo=sha512; want="${2#sha512:}" ;;
        *:*) echo "unsupported checksum algorithm ${2%%:*}"; return 1 ;;
        '') echo "the image has no checksum"; return 1 ;;
        *) algo=sha256; want="$2" ;;
    esac
    got="$(${algo}sum "$1" | cut -d' ' -f1)"
    want="$(echo "$want" | tr 'A-F' 'a-f')"
    [ "$got" = "$want" ] && return 0
    echo "image checksum mismatch: expected $algo:$want, got $algo:$got"
    return 1
}

# the first partition of a disk (/dev/vda -> /dev/vda1, /dev/nvme0n1 -> /dev/nvme0n1p1)
mf_first_partition() {
    case "$1" in *[0-9]) echo "${1}p1" ;; *) echo "${1}1" ;; esac
}

mf_write_image() {
    case "$1" in
        *.gz) gunzip -c "$MF_IMAGE" | dd of="$2" bs=1M conv=fsync 2>/dev/null ;;
        *.xz) xz -dc "$MF_IMAGE" | dd of="$2" bs=1M conv=fsync 2>/dev/null ;;
        *.lz4|*.tar|*.tar.*|*.tgz) echo "image format of $1 is not supported by this agent (raw, .gz, .xz disk images)"; return 1 ;;
        *) dd if="$MF_IMAGE" of="$2" bs=1M conv=fsync 2>/dev/null ;;
    esac
}

# the boot information: where the installed system finds its API, phone-home token and host name, and the kernel command
# line of its boot loader (extlinux.conf's APPEND lines)
mf_write_boot_info() {
    disk="$1"
    blockdev --rereadpt "$disk" 2>/dev/null
    part="$(mf_first_partition "$disk")"
    tries=0
    while [ ! -b "$part" ] && [ "$tries" -lt 10 ]; do sleep 1; tries=$((tries + 1)); done
    [ -b "$part" ] || { echo "no partition $part after writing the image"; return 1; }
    mkdir -p "$MF_TARGET"
    mount -t ext4 "$part" "$MF_TARGET" 2>/dev/null || { echo "cannot mount $part (ext2/3/4 expected)"; return 1; }
    mkdir -p "$MF_TARGET/metalfleet"
    # the installed system phones home with its own long-lived token (only phone home accepts it), not with the
    # agent's short-lived one
    phone_home_token="$(mf_json_get /tmp/install.json token)"
    [ -n "$phone_home_token" ] || phone_home_token="$MF_TOKEN"
    {
        echo "MF_MACHINE='$MF_MACHINE'"
        echo "MF_APIS='$MF_APIS'"
        echo "MF_TOKEN='$phone_home_token'"
        echo "MF_HOSTNAME='$(mf_json_get /tmp/install.json hostname)'"
        echo "MF_IMAGE_ID='$(mf_json_get /tmp/install.json image_id)'"
        echo "MF_DISK='$disk'"
    } > "$MF_TARGET/metalfleet/install.conf"
    chmod 600 "$MF_TARGET/metalfleet/install.conf"
    # the command line goes into a sed replacement: &, | and \ escaped
    cmdline="$(mf_json_get /tmp/install.json command_line | sed 's/[&|\\]/\\&/g')"
    for conf in "$MF_TARGET/extlinux/extlinux.conf" "$MF_TARGET/boot/extlinux/extlinux.conf"; do
        [ -f "$conf" ] && sed -i "s|^\\( *APPEND\\).*|\\1 $cmdline metalfleet.disk=$disk|" "$conf"
    done
    sync
    umount "$MF_TARGET"
}

mf_install() {
    MF_HTTP_TIMEOUT=20 mf_http GET "/v1/machines/$MF_MACHINE/install" || mf_crash "no install instructions: $(head -c 300 "$MF_RESPONSE" 2>/dev/null)"
    cp "$MF_RESPONSE" /tmp/install.json
    image_id="$(mf_json_get /tmp/install.json image_id)"
    url="$(mf_absolute "$(mf_json_get /tmp/install.json image_url)")"
    checksum="$(mf_json_get /tmp/install.json image_checksum)"
    disk="$(mf_json_get /tmp/install.json target_disk)"
    [ -b "$disk" ] || mf_crash "target disk '$disk' of the install instructions is not a block device here"
    mf_event Installing "image $image_id from $url to $disk"
    mf_fetch "$url" "$MF_IMAGE" || mf_crash "download of image $image_id from $url failed: $(tail -n 1 "$MF_ERRLOG")"
    reason="$(mf_verify "$MF_IMAGE" "$checksum")" || mf_crash "$reason"
    reason="$(mf_write_image "$url" "$disk")" || mf_crash "writing image $image_id to $disk failed: $reason"
    rm -f "$MF_IMAGE"
    reason="$(mf_write_boot_info "$disk")" || mf_crash "boot information: $reason"
    mf_event "Booting New Kernel" "image $image_id ($checksum) written to $disk; rebooting into it"
    sync
    reboot -f
}
