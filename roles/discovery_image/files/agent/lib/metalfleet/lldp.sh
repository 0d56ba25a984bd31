# metalfleet agent: LLDP neighbours for the hardware report, received by Debian's lldpad (see docs/discovery.md).
#
# mf_lldp_start (run in the background while DHCP runs) starts lldpad and sets every NIC to receive only
# (`adminStatus=rx`: the machine listens, it announces nothing); /run/metalfleet-lldp/started holds the time it
# was ready, /run/metalfleet-lldp/error what went wrong (the report names it in "error" and goes on without
# neighbours).  mf_lldp_neighbors NIC prints that NIC's "neighbors" JSON array (or nothing): it waits for a first
# frame until metalfleet.lldp_wait seconds after lldpad was ready, so the wait overlaps DHCP and the events and
# usually costs nothing.  A ramdisk built without lldpad, or metalfleet.lldp_wait=0, reports no neighbours; a
# /run/lldp/<nic>.json left by something else (a JSON array of {mac, name, identifier, hostname}) is reported as
# it is.  mf_lldp_stop ends lldpad once the report is written.

MF_LLDP_DIR=/run/metalfleet-lldp
MF_LLDP_FILES=/run/lldp

mf_lldp_fail() {
    mf_log "LLDP failed: $*"
    printf '%s' "$*" > "$MF_LLDP_DIR/error"
}

mf_lldp_start() {
    mkdir -p "$MF_LLDP_DIR"
    [ "${MF_LLDP_WAIT:-0}" -gt 0 ] || return 0
    command -v lldpad >/dev/null 2>&1 || return 0
    # in the background rather than -d: its messages stay in lldpad.log for the failure path
    lldpad > "$MF_LLDP_DIR/lldpad.log" 2>&1 &
    echo $! > "$MF_LLDP_DIR/pid"
    tries=0
    until lldptool -p > "$MF_LLDP_DIR/lldptool.log" 2>&1; do
        tries=$((tries + 1))
        if [ "$tries" -ge 25 ] || ! kill -0 "$(cat "$MF_LLDP_DIR/pid")" 2>/dev/null; then
            kill -0 "$(cat "$MF_LLDP_DIR/pid")" 2>/dev/null && state="runs" || state="exited"
            mf_lldp_fail "lldpad does not answer lldptool (lldpad $state: $(tail -n 3 "$MF_LLDP_DIR/lldpad.log" | tr '\n' ' ')lldptool: $(tail -n 1 "$MF_LLDP_DIR/lldptool.log"))"
            return 1
        fi
        sleep 0.2
    done
    failed=""; nics=""
    for path in /sys/class/net/*; do
        nic="${path##*/}"
        [ -e "$path/device" ] || continue
        tries=0
        until lldptool set-lldp -i "$nic" adminStatus=rx > /dev/null 2>&1; do
            tries=$((tries + 1))
            [ "$tries" -lt 5 ] || { failed="$failed $nic"; continue 2; }
            sleep 0.2
        done
        nics="$nics $nic"
    done
    [ -z "$failed" ] || mf_lldp_fail "receive not enabled on$failed"
    [ -n "$nics" ] && mf_log "lldpad receiving on$nics"
    mf_now > "$MF_LLDP_DIR/started"
}

# lldptool -t -n output (TLV titles, each value line indented with a tab) -> [{mac, name, identifier, hostname}]
mf_lldp_json() {
    awk '
        function esc(s, n) { gsub(/[[:cntrl:]]/, "", s); gsub(/\\/, "\\\\", s); gsub(/"/, "\\\"", s); return substr(s, 1, n) }
        function field(key, value, n) {
            if (value == "") return
            out = out (out == "" ? "" : ", ") "\"" key "\": \"" esc(value, n) "\""
        }
        /^[^\t]/ { tlv = $0; sub(/ *$/, "", tlv); next }
        {
            line = $0; sub(/^\t+/, "", line)
            if (tlv == "Chassis ID TLV" && line ~ /^MAC: /) {
                mac = substr(line, 6)
            } else if (tlv == "Port ID TLV" && port == "") {
                kind = line; sub(/: .*/, "", kind)
                port = line; sub(/^[^:]*: /, "", port)
            } else if (tlv == "Port Description TLV" && description == "") {
                description = line
            } else if (tlv == "System Name TLV" && sysname == "") {
                sysname = line
            }
        }
        END {
            if (mac !~ /^[0-9A-Fa-f][0-9A-Fa-f](:[0-9A-Fa-f][0-9A-Fa-f])(:[0-9A-Fa-f][0-9A-Fa-f])(:[0-9A-Fa-f][0-9A-Fa-f])(:[0-9A-Fa-f][0-9A-Fa-f])(:[0-9A-Fa-f][0-9A-Fa-f])$/) mac = ""
            # the port name: an interface name or a locally assigned id (what switches send), else the description
            name = (kind == "Ifname" || kind == "Local" || kind == "Interface alias") ? port : description
            out = ""
            field("mac", mac, 17); field("name", name, 120); field("identifier", port, 120); field("hostname", sysname, 253)
            if (out != "") printf "[{%s}]", out
        }'
}

# mf_lldp_neighbors NIC CARRIER: the NIC's "neighbors" array, or nothing
mf_lldp_neighbors() {
    if [ -s "$MF_LLDP_FILES/$1.json" ]; then
        cat "$MF_LLDP_FILES/$1.json"
        return 0
    fi
    [ -s "$MF_LLDP_DIR/started" ] || return 0
    read -r started < "$MF_LLDP_DIR/started"
    while :; do
        tlvs="$(lldptool -t -n -i "$1" 2>/dev/null)"
        case "$tlvs" in *"Chassis ID TLV"*) break ;; esac
        # no carrier: nothing will arrive; else wait until lldp_wait seconds after lldpad was ready
        [ "$2" = 1 ] && [ "$(mf_now)" -lt $((started + MF_LLDP_WAIT)) ] || return 0
        sleep 0.5
    done
    printf '%s\n' "$tlvs" | mf_lldp_json
}

mf_lldp_stop() {
    [ -s "$MF_LLDP_DIR/pid" ] && kill "$(cat "$MF_LLDP_DIR/pid")" 2>/dev/null
    return 0
}
