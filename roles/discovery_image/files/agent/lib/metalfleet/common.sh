# metalfleet agent library (busybox ash), sourced by the discovery agent and by the test operating system:
# the kernel command line, logging, NICs up with DHCP, JSON helpers, HTTP with retries and backoff against every
# API address, events, and the crash path.
#
# Kernel command line (see docs/discovery.md):
#   metalfleet.api=URL[,URL...]  boot API addresses, tried in order (may be given more than once)
#   metalfleet.machine=UUID      the machine id the token is bound to
#   metalfleet.token=TOKEN       the agent token (Authorization: Bearer)
#   metalfleet.mode=install      set by the boot API for an allocated machine
#   metalfleet.retries=N         rounds over all API addresses per request (default 8)
#   metalfleet.crash_delay=S     seconds between Crashed and the reboot (default 30)
#   metalfleet.alive=S           seconds between two Alive events while waiting (default 60)
#   metalfleet.wait=S            long poll timeout asked for (default 50, at most 60)
#   metalfleet.lldp_wait=S       seconds after lldpad started within which LLDP neighbours are waited for (default 5;
#                                0: no LLDP)

MF_VERSION="metalfleet-agent 1"
MF_RESPONSE=/tmp/mf-response
MF_ERRLOG=/tmp/mf-wget.err
MF_LAST_EVENT_AT=0

mf_log() {
    echo "metalfleet: $*"
}

# every value of a metalfleet.* parameter (commas split), one per line
mf_cmdline_values() {
    for word in $(cat /proc/cmdline); do
        case "$word" in
            "$1="*) echo "${word#*=}" | tr ',' '\n' ;;
        esac
    done
}

mf_cmdline_value() {
    mf_cmdline_values "$1" | head -n 1
}

mf_load_config() {
    MF_APIS=""
    for url in $(mf_cmdline_values metalfleet.api); do
        case " $MF_APIS " in *" ${url%/} "*) ;; *) MF_APIS="$MF_APIS ${url%/}" ;; esac
    done
    MF_APIS="${MF_APIS# }"
    MF_MACHINE="$(mf_cmdline_value metalfleet.machine)"
    MF_TOKEN="$(mf_cmdline_value metalfleet.token)"
    MF_MODE="$(mf_cmdline_value metalfleet.mode)"
    MF_RETRIES="$(mf_cmdline_value metalfleet.retries)"; MF_RETRIES="${MF_RETRIES:-8}"
    MF_CRASH_DELAY="$(mf_cmdline_value metalfleet.crash_delay)"; MF_CRASH_DELAY="${MF_CRASH_DELAY:-30}"
    MF_ALIVE="$(mf_cmdline_value metalfleet.alive)"; MF_ALIVE="${MF_ALIVE:-60}"
    MF_WAIT="$(mf_cmdline_value metalfleet.wait)"; MF_WAIT="${MF_WAIT:-50}"
    MF_LLDP_WAIT="$(mf_cmdline_value metalfleet.lldp_wait)"
    case "$MF_LLDP_WAIT" in ''|*[!0-9]*) MF_LLDP_WAIT=5 ;; esac
    [ -n "$MF_APIS" ] && [ -n "$MF_MACHINE" ] && [ -n "$MF_TOKEN" ]
}

mf_now() {
    date +%s
}

# bring every NIC up and run DHCP on each (in parallel); true when at least one got a lease
mf_net_up() {
    ip link set lo up
    : > /run/metalfleet-leases
    pids=""
    for path in /sys/class/net/*; do
        nic="${path##*/}"
        [ "$nic" = lo ] && continue
        ip link set "$nic" up
        udhcpc -i "$nic" -n -q -t 6 -T 2 -A 2 -s /etc/udhcpc.script >/dev/null 2>&1 &
        pids="$pids $!"
    done
    for pid in $pids; do wait "$pid"; done
    [ -s /run/metalfleet-leases ] || return 1
    mf_log "leases: $(tr '\n' ' ' < /run/metalfleet-leases)"
}

# JSON string body (no quotes): backslash and quote escaped, control characters dropped
mf_json_escape() {
    printf '%s' "$1" | tr -d '\000-\037' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'
}

# the first string value of "KEY" in a JSON file (flat values without escaped quotes: URLs, ids, checksums)
mf_json_get() {
    sed -n "s/.*\"$2\": *\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1
}

# true when "KEY": true is in the JSON file
mf_json_true() {
    grep -q "\"$2\": *true" "$1"
}

# mf_http METHOD PATH [BODY_FILE]: the API answer in $MF_RESPONSE; 0 on success, 2 when the API refused the
# request (4xx other than 408/429: retrying cannot help), 1 when no API address answered after every round.
# Rounds wait 1, 2, 4, ... 30 s; the address that answered last is tried first next time.
mf_http() {
    method="$1"; path="$2"; body="$3"
    delay=1; round=1
    while [ "$round" -le "$MF_RETRIES" ]; do
        for api in $MF_APIS; do
            rm -f "$MF_RESPONSE"
            if [ "$method" = POST ]; then
                timeout "${MF_HTTP_TIMEOUT:-20}" wget -q -O "$MF_RESPONSE" --header "Authorization: Bearer $MF_TOKEN" \
                    --header "Content-Type: application/json" --post-file "${body:-/dev/null}" "$api$path" 2>"$MF_ERRLOG"
            else
                timeout "${MF_HTTP_TIMEOUT:-20}" wget -q -O "$MF_RESPONSE" --header "Authorization: Bearer $MF_TOKEN" \
                    "$api$path" 2>"$MF_ERRLOG"
            fi
            rc=$?
            if [ "$rc" -eq 0 ]; then
                MF_APIS="$api $(echo " $MF_APIS " | sed "s| $api | |g")"
                MF_APIS="$(echo $MF_APIS)"
                return 0
            fi
            status="$(sed -n 's/.*HTTP\/1\.[01] \([0-9][0-9][0-9]\).*/\1/p' "$MF_ERRLOG" | head -n 1)"
            mf_log "$method $api$path failed (exit $rc${status:+, HTTP $status})"
            case "$status" in
                408|429) ;;
                4??) return 2 ;;
            esac
        done
        sleep "$delay"
        delay=$((delay * 2)); [ "$delay" -gt 30 ] && delay=30
        round=$((round + 1))
    done
    return 1
}

# mf_event NAME [MESSAGE]: one provisioning event (a failure to send it is logged, not fatal)
mf_event() {
    printf '{"event": "%s", "message": "%s"}' "$(mf_json_escape "$1")" "$(mf_json_escape "$2")" > /tmp/mf-event.json
    mf_log "event $1${2:+: $2}"
    MF_LAST_EVENT_AT="$(mf_now)"
    mf_http POST "/v1/machines/$MF_MACHINE/events" /tmp/mf-event.json || mf_log "event $1 not delivered"
}

# mf_crash REASON: send Crashed with the reason, wait, reboot
mf_crash() {
    mf_log "CRASHED: $1"
    MF_RETRIES=3 mf_event Crashed "$1"
    mf_log "rebooting in $MF_CRASH_DELAY s"
    sleep "$MF_CRASH_DELAY"
    sync
    reboot -f
}
