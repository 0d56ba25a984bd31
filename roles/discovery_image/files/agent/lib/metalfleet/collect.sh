# metalfleet agent: the hardware report (docs/schemas/hardware-report.schema.json), read from /sys and /proc.
# mf_collect FILE writes the report; what could not be read is named in "error" (the report is posted anyway).

MF_ERRORS=""

mf_error() {
    mf_log "collect: $*"
    MF_ERRORS="${MF_ERRORS:+$MF_ERRORS; }$*"
}

# a sysfs/DMI value: its first line, trimmed ("" when unreadable).  Shell builtins only: every fork and exec is
# expensive in an emulated machine (TCG)
mf_read() {
    [ -r "$1" ] || return 0
    value=""
    read -r value < "$1" 2>/dev/null
    printf '%s' "$value"
}

# a JSON string of at most 120 characters; the escaping pipeline runs only for values that need it
mf_jstr() {
    case "$1" in
        *[\"\\]*|*[![:print:]]*) printf '"%s"' "$(mf_json_escape "$1" | cut -c1-120)" ;;
        *) printf '"%.120s"' "$1" ;;
    esac
}

mf_cpus_json() {
    awk -F': *' '
        function esc(s) { gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return substr(s, 1, 120) }
        function flush() {
            if (vendor == "" && model == "") return
            if (!(phys in seen)) { seen[phys] = 1; order[n++] = phys; V[phys] = vendor; M[phys] = model; C[phys] = cores; T[phys] = threads }
            procs[phys]++
            vendor = ""; model = ""; cores = ""; threads = ""; phys = "0"
        }
        BEGIN { phys = "0" }
        /^vendor_id/ { vendor = $2 } /^model name/ { model = $2 } /^physical id/ { phys = $2 }
        /^cpu cores/ { cores = $2 } /^siblings/ { threads = $2 }
        /^$/ { flush() }
        END {
            flush()
            total = 0
            for (i = 0; i < n; i++) {
                p = order[i]; c = (C[p] == "" ? procs[p] : C[p]) + 0; t = (T[p] == "" ? procs[p] : T[p]) + 0; total += c
                printf "%s{\"vendor\": \"%s\", \"model\": \"%s\", \"cores\": %d, \"threads\": %d}", (i ? ", " : ""), esc(V[p]), esc(M[p]), c, t
            }
            printf "|%d", total
        }' /proc/cpuinfo
}

# physical memory: the online memory blocks (sysfs), else MemTotal
mf_memory() {
    block="$(mf_read /sys/devices/system/memory/block_size_bytes)"
    if [ -n "$block" ]; then
        count=0
        for state in /sys/devices/system/memory/memory*/online; do
            [ "$(cat "$state" 2>/dev/null)" = 1 ] && count=$((count + 1))
        done
        if [ "$count" -gt 0 ]; then
            echo $((count * 0x$block))
            return
        fi
    fi
    awk '/^MemTotal:/ { printf "%d", $2 * 1024 }' /proc/meminfo
}

mf_disks_json() {
    sep=""
    for path in /sys/block/*; do
        name="${path##*/}"
        case "$name" in loop*|ram*|sr*|fd*|zram*|dm-*|md*|nbd*) continue ;; esac
        sectors="$(mf_read "$path/size")"
        [ -n "$sectors" ] || { mf_error "disk $name: no size"; continue; }
        rotational="$(mf_read "$path/queue/rotational")"
        serial="$(mf_read "$path/serial")"; [ -n "$serial" ] || serial="$(mf_read "$path/device/serial")"
        wwn="$(mf_read "$path/wwid")"; [ -n "$wwn" ] || wwn="$(mf_read "$path/device/wwid")"
        printf '%s{"name": "/dev/%s", "size": %s' "$sep" "$name" "$((sectors * 512))"
        [ "$rotational" = 1 ] && printf ', "rotational": true'
        [ "$rotational" = 0 ] && printf ', "rotational": false'
        [ -n "$serial" ] && printf ', "serial": %s' "$(mf_jstr "$serial")"
        [ -n "$wwn" ] && printf ', "wwn": %s' "$(mf_jstr "$wwn")"
        printf '}'
        sep=", "
    done
}

mf_nics_json() {
    sep=""
    for path in /sys/class/net/*; do
        name="${path##*/}"
        [ "$name" = lo ] && continue
        [ -e "$path/device" ] || continue
        mac="$(mf_read "$path/address")"
        speed="$(mf_read "$path/speed")"
        carrier="$(mf_read "$path/carrier")"
        operstate="$(mf_read "$path/operstate")"
        printf '%s{"name": %s, "mac": "%s"' "$sep" "$(mf_jstr "$name")" "$mac"
        case "$speed" in ''|-*|*[!0-9]*) ;; *) printf ', "speed": %s' "$speed" ;; esac
        [ "$carrier" = 1 ] && printf ', "carrier": true'
        [ "$carrier" = 0 ] && printf ', "carrier": false'
        if [ "$operstate" = up ]; then printf ', "up": true'; else printf ', "up": false'; fi
        # LLDP (lib/metalfleet/lldp.sh): waits for a first frame while the NIC has carrier, within metalfleet.lldp_wait
        neighbors="$(mf_lldp_neighbors "$name" "$carrier")"
        [ -n "$neighbors" ] && printf ', "neighbors": %s' "$neighbors"
        printf '}'
        sep=", "
    done
}

mf_pci_vendor() {
    case "$1" in
        0x10de) echo NVIDIA ;; 0x1002) echo AMD ;; 0x8086) echo Intel ;; 0x102b) echo Matrox ;;
        0x1a03) echo ASPEED ;; 0x1234) echo QEMU ;; 0x1b36) echo "Red Hat" ;; 0x1af4) echo "Red Hat virtio" ;;
        *) echo "$1" ;;
    esac
}

# display controllers: PCI class 0x03xxxx
mf_gpus_json() {
    sep=""
    for path in /sys/bus/pci/devices/*; do
        class="$(mf_read "$path/class")"
        case "$class" in 0x03*) ;; *) continue ;; esac
        vendor="$(mf_read "$path/vendor")"
        device="$(mf_read "$path/device")"
        printf '%s{"vendor": %s, "model": %s}' "$sep" "$(mf_jstr "$(mf_pci_vendor "$vendor")")" "$(mf_jstr "${vendor#0x}:${device#0x} class ${class#0x}")"
        sep=", "
    done
}

mf_collect() {
    dmi=/sys/class/dmi/id
    uuid="$(mf_read $dmi/product_uuid | tr 'A-F' 'a-f')"
    if [ -z "$uuid" ]; then
        mf_error "no SMBIOS product_uuid"
        uuid="$MF_MACHINE"
    elif [ "$uuid" != "$(echo "$MF_MACHINE" | tr 'A-F' 'a-f')" ]; then
        mf_error "SMBIOS product_uuid $uuid is not the machine of the boot script ($MF_MACHINE)"
        uuid="$MF_MACHINE"
    fi
    cpus="$(mf_cpus_json)"
    cores="${cpus##*|}"; cpus="${cpus%|*}"
    [ -n "$cpus" ] || mf_error "no CPU in /proc/cpuinfo"
    memory="$(mf_memory)"
    [ -n "$memory" ] || { mf_error "no memory size"; memory=0; }
    disks="$(mf_disks_json)"
    [ -n "$disks" ] || mf_error "no disk found"
    nics="$(mf_nics_json)"
    [ -n "$nics" ] || mf_error "no NIC found"
    gpus="$(mf_gpus_json)"
    [ -s "$MF_LLDP_DIR/error" ] && mf_error "LLDP: $(cat "$MF_LLDP_DIR/error")"
    {
        printf '{"uuid": "%s", "agent_version": %s, "memory": %s, "cpu_cores": %s' "$uuid" "$(mf_jstr "$MF_VERSION")" "$memory" "${cores:-0}"
        printf ', "cpus": [%s], "disks": [%s], "nics": [%s], "gpus": [%s]' "$cpus" "$disks" "$nics" "$gpus"
        printf ', "bios": {"vendor": %s, "version": %s, "date": %s}' "$(mf_jstr "$(mf_read $dmi/bios_vendor)")" \
            "$(mf_jstr "$(mf_read $dmi/bios_version)")" "$(mf_jstr "$(mf_read $dmi/bios_date)")"
        printf ', "fru": {"product_manufacturer": %s, "product_part_number": %s, "product_serial": %s' \
            "$(mf_jstr "$(mf_read $dmi/sys_vendor)")" "$(mf_jstr "$(mf_read $dmi/product_name)")" "$(mf_jstr "$(mf_read $dmi/product_serial)")"
        printf ', "board_mfg": %s, "board_part_number": %s, "board_mfg_serial": %s, "chassis_part_serial": %s}' \
            "$(mf_jstr "$(mf_read $dmi/board_vendor)")" "$(mf_jstr "$(mf_read $dmi/board_name)")" \
            "$(mf_jstr "$(mf_read $dmi/board_serial)")" "$(mf_jstr "$(mf_read $dmi/chassis_serial)")"
        [ -n "$MF_ERRORS" ] && printf ', "error": %s' "\"$(mf_json_escape "$MF_ERRORS" | cut -c1-4000)\""
        printf '}\n'
    } > "$1"
}
