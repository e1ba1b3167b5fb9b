#!/bin/sh
# /init of the kindling e2e guest (busybox only, no systemd): bring up the
# network, fetch the apply script named by kindling.url= on the kernel command
# line, run it against /, optionally tamper with one file (kindling.tamper=),
# then run /etc/kindling/verify.sh if the apply wrote one, and power off.
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
tamper=
for word in $(cat /proc/cmdline); do
  case $word in
    kindling.url=*) url=${word#kindling.url=} ;;
    kindling.tamper=*) tamper=${word#kindling.tamper=} ;;
  esac
done
set +f
[ -n "$url" ] || fail "no kindling.url= on the kernel command line"
mark "url $url"

timeout 120 wget -q -O /tmp/apply.sh "$url"
status=$?
mark "fetch exit $status"
[ "$status" = 0 ] || fail "fetch exit $status"

ROOT=/ timeout 300 sh /tmp/apply.sh
status=$?
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

mark "done"
finish
