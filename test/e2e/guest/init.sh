#!/bin/sh
# /init of the kindling e2e guest (busybox only, no systemd): bring up the
# network, fetch the apply script named by kindling.url= on the kernel command
# line (a PXE boot), or with kindling.cloud=ec2|gce|azure get the user data
# the way that platform's agent does and run it as cloud-init runs a user-data
# script (gunzipped first when it is gzip), or with kindling.fwcfg=NAME read
# it from qemu's fw_cfg (a lab node, as Vagrant's libvirt provider hands its
# config over; kindling.lab.mac= and kindling.lab.ip= then set up the lab's
# private NIC); optionally tamper with one file (kindling.tamper=), then run
# /etc/kindling/verify.sh if the apply wrote one, then the fw_cfg script
# kindling.after= names if any, and power off.
# Every stage prints a "KINDLING-E2E: ..." line on the console; any failure
# prints "KINDLING-E2E: failed: ..." and powers off all the same.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root

mark() { echo "KINDLING-E2E: $*"; }

finish() {
  sync
  mark "poweroff"
  poweroff -f
  sleep 5
  echo o > /proc/sysrq-trigger
  while :; do sleep 60; done
}

fail() {
  mark "failed: $*"
  finish
}

mount -t proc proc /proc || fail "mount /proc"
mount -t sysfs sysfs /sys || fail "mount /sys"
mount -t devtmpfs devtmpfs /dev || fail "mount /dev"
mount -t tmpfs tmpfs /tmp || fail "mount /tmp"
# Keep kernel chatter (below errors) off the console so the marker lines stay whole.
dmesg -n 4
mark "init started, kernel $(uname -r)"

while read -r module; do
  insmod "/lib/modules/kindling-e2e/$module.ko" || fail "insmod $module"
done < /lib/modules/kindling-e2e/load-order
mark "modules ok"

i=0
while [ ! -e /sys/class/net/eth0 ]; do
  i=$((i + 1))
  [ "$i" -gt 50 ] && fail "no eth0"
  sleep 0.2
done
ip link set lo up || fail "lo up"
ip link set eth0 up || fail "eth0 up"
udhcpc -i eth0 -q -n -t 5 -T 2 -s /etc/udhcpc/default.script || fail "dhcp"
mark "dhcp ok $(ip -4 -o addr show dev eth0 | awk '{print $4}')"

if [ ! -s /etc/machine-id ]; then
  tr -d '-' < /proc/sys/kernel/random/uuid > /etc/machine-id || fail "machine-id"
fi
mark "machine-id $(cat /etc/machine-id)"

# The command line words are split by the shell: no globbing (URLs hold '?').
set -f
url=
cloud=
fwcfg=
after=
lab_mac=
lab_ip=
tamper=
for word in $(cat /proc/cmdline); do
  case $word in
    kindling.url=*) url=${word#kindling.url=} ;;
    kindling.cloud=*) cloud=${word#kindling.cloud=} ;;
    kindling.fwcfg=*) fwcfg=${word#kindling.fwcfg=} ;;
    kindling.after=*) after=${word#kindling.after=} ;;
    kindling.lab.mac=*) lab_mac=${word#kindling.lab.mac=} ;;
    kindling.lab.ip=*) lab_ip=${word#kindling.lab.ip=} ;;
    kindling.tamper=*) tamper=${word#kindling.tamper=} ;;
  esac
done
set +f

# A file qemu's fw_cfg hands the guest, by name.
fw_cfg_file() {
  f=/sys/firmware/qemu_fw_cfg/by_name/$1/raw
  [ -f "$f" ] || fail "no fw_cfg file $1"
  cp "$f" "$2" || fail "read fw_cfg file $1"
}

if [ -n "$lab_mac" ]; then
  lab_if=
  for dev in /sys/class/net/*; do
    [ "$(cat "$dev/address")" = "$lab_mac" ] && lab_if=${dev##*/}
  done
  [ -n "$lab_if" ] || fail "no NIC with MAC $lab_mac"
  ip addr add "$lab_ip" dev "$lab_if" || fail "lab address $lab_ip"
  ip link set "$lab_if" up || fail "lab NIC up"
  mark "lab $lab_if $lab_ip"
fi

METADATA=169.254.169.254

# EC2's IMDSv2: PUT a token request (busybox wget cannot PUT, so the request
# is written by hand over nc), then GET the user data with the token.
ec2_user_data() {
  printf 'PUT /latest/api/token HTTP/1.0\r\nHost: %s\r\nX-aws-ec2-metadata-token-ttl-seconds: 21600\r\nContent-Length: 0\r\n\r\n' "$METADATA" |
    timeout 30 nc "$METADATA" 80 > /tmp/token.http || fail "IMDSv2 token request"
  head -n 1 /tmp/token.http | grep -q ' 200 ' || fail "IMDSv2 token: $(head -n 1 /tmp/token.http)"
  token=$(awk 'body { print; next } /^\r?$/ { body = 1 }' /tmp/token.http)
  [ -n "$token" ] || fail "IMDSv2 token empty"
  mark "imdsv2 token ok"
  timeout 60 wget -q -O /tmp/user-data --header "X-aws-ec2-metadata-token: $token" "http://$METADATA/latest/user-data" ||
    fail "IMDSv2 user-data"
}

# GCE's metadata server: every request carries Metadata-Flavor: Google.
gce_user_data() {
  timeout 60 wget -q -O /tmp/user-data --header "Metadata-Flavor: Google" \
    "http://$METADATA/computeMetadata/v1/instance/attributes/user-data" || fail "GCE metadata user-data"
}

# Azure: the provisioning ISO on the CD-ROM holds ovf-env.xml, whose
# CustomData element is the base64 of the custom data.
azure_user_data() {
  i=0
  while [ ! -b /dev/sr0 ]; do
    i=$((i + 1))
    [ "$i" -gt 50 ] && fail "no /dev/sr0"
    sleep 0.2
  done
  mkdir -p /mnt/cdrom
  mount -t iso9660 -o ro /dev/sr0 /mnt/cdrom || fail "mount /dev/sr0"
  [ -f /mnt/cdrom/ovf-env.xml ] || fail "no ovf-env.xml on the CD-ROM"
  tr -d '\r\n' < /mnt/cdrom/ovf-env.xml |
    sed -n 's:.*<\([A-Za-z0-9]*\:\)\{0,1\}CustomData>\([^<]*\)</\([A-Za-z0-9]*\:\)\{0,1\}CustomData>.*:\2:p' > /tmp/custom-data.b64
  [ -s /tmp/custom-data.b64 ] || fail "no CustomData in ovf-env.xml"
  base64 -d < /tmp/custom-data.b64 > /tmp/user-data || fail "CustomData is not base64"
  umount /mnt/cdrom
}

if [ -n "$cloud" ]; then
  case $cloud in
    ec2) ec2_user_data ;;
    gce) gce_user_data ;;
    azure) azure_user_data ;;
    *) fail "unknown kindling.cloud=$cloud" ;;
  esac
  mark "user-data $cloud $(wc -c < /tmp/user-data) bytes"
  # As cloud-init: gzip user data is gunzipped, and a #! document is run.
  if [ "$(head -c 2 /tmp/user-data | od -An -tx1 | tr -d ' \n')" = 1f8b ]; then
    gunzip -c < /tmp/user-data > /tmp/apply.sh || fail "gunzip user-data"
    mark "user-data gunzipped to $(wc -c < /tmp/apply.sh) bytes"
  else
    cp /tmp/user-data /tmp/apply.sh
  fi
  head -n 1 /tmp/apply.sh | grep -q '^#!' || fail "user data is not a script: $(head -c 40 /tmp/apply.sh)"
  timeout 300 sh /tmp/apply.sh
  status=$?
elif [ -n "$fwcfg" ]; then
  fw_cfg_file "$fwcfg" /tmp/apply.sh
  mark "config from fw_cfg $fwcfg, $(wc -c < /tmp/apply.sh) bytes"
  ROOT=/ timeout 300 sh /tmp/apply.sh
  status=$?
else
  [ -n "$url" ] || fail "no kindling.url=, kindling.cloud= or kindling.fwcfg= on the kernel command line"
  mark "url $url"

  timeout 120 wget -q -O /tmp/apply.sh "$url"
  status=$?
  mark "fetch exit $status"
  [ "$status" = 0 ] || fail "fetch exit $status"

  ROOT=/ timeout 300 sh /tmp/apply.sh
  status=$?
fi
mark "apply exit $status"
[ "$status" = 0 ] || fail "apply exit $status"

if [ -n "$tamper" ]; then
  echo tampered >> "$tamper"
  status=$?
  mark "tamper $tamper exit $status"
  [ "$status" = 0 ] || fail "tamper exit $status"
fi

if [ -f /etc/kindling/verify.sh ]; then
  # As systemd would at boot: the hostname comes from /etc/hostname.
  if [ -s /etc/hostname ]; then
    hostname -F /etc/hostname || fail "hostname"
  fi
  timeout 300 sh /etc/kindling/verify.sh
  status=$?
  mark "verify exit $status"
  [ "$status" = 0 ] || fail "verify exit $status"
else
  mark "no /etc/kindling/verify.sh"
fi

if [ -n "$after" ]; then
  fw_cfg_file "$after" /tmp/after.sh
  timeout 600 sh /tmp/after.sh
  status=$?
  mark "after exit $status"
fi

mark "done"
finish
