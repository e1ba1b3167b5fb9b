#!/bin/sh
# /etc/udhcpc/default.script of the kindling e2e guest: busybox udhcpc runs it
# with $1 = deconfig|bound|renew|leasefail|nak and the lease in the environment.
case $1 in
  deconfig)
    ip -4 addr flush dev "$interface"
    ip link set "$interface" up
    ;;
  bound|renew)
    ip -4 addr flush dev "$interface"
    ip addr add "$ip/${mask:-24}" ${broadcast:+broadcast "$broadcast"} dev "$interface"
    for gw in $router; do
      ip route replace default via "$gw" dev "$interface"
      break
    done
    : > /etc/resolv.conf
    [ -n "$domain" ] && echo "search $domain" >> /etc/resolv.conf
    for ns in $dns; do echo "nameserver $ns" >> /etc/resolv.conf; done
    ;;
esac
exit 0
