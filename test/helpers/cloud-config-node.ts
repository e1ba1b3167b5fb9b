// A realistic cloud-config document, shared by the validator's and the CLI's tests.
import { gzipSync } from "node:zlib";

const motd = gzipSync("Welcome to node $private_ipv4\n").toString("base64");

/** A Container Linux node as people wrote them: etcd2, fleet, flannel, locksmith, units, users, files. */
export const NODE = `#cloud-config
hostname: node-1
manage_etc_hosts: localhost
ssh_authorized_keys:
  - ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq0 admin@example.com

coreos:
  etcd2:
    name: node-1
    discovery: https://discovery.etcd.io/0123456789abcdef0123456789abcdef
    advertise-client-urls: http://$private_ipv4:2379
    initial-advertise-peer-urls: http://$private_ipv4:2380
    listen-client-urls: http://0.0.0.0:2379,http://0.0.0.0:4001
    listen-peer-urls: http://$private_ipv4:2380
    heartbeat-interval: 100
    election-timeout: 1000
    proxy: off
  fleet:
    public-ip: $private_ipv4
    metadata: region=eu-west,role=worker
    etcd_request_timeout: 3.0
    verbosity: 1
  flannel:
    interface: $private_ipv4
    etcd_prefix: /coreos.com/network
  locksmith:
    group: workers
    window_start: Thu 04:00
    window_length: 1h
  update:
    reboot-strategy: etcd-lock
    group: stable
  oem:
    id: example
    name: Example OEM
    version-id: 1.0.0
  units:
    - name: etcd2.service
      command: start
      drop-ins:
        - name: 50-timeout.conf
          content: |
            [Service]
            TimeoutStartSec=0
    - name: fleet.service
      command: start
    - name: flanneld.service
      drop-ins:
        - name: 50-network-config.conf
          content: |
            [Service]
            ExecStartPre=/usr/bin/etcdctl set /coreos.com/network/config '{ "Network": "10.1.0.0/16" }'
      command: start
    - name: docker-tcp.socket
      enable: yes
      runtime: true
      command: start
      content: |
        [Unit]
        Description=Docker Socket for the API

        [Socket]
        ListenStream=2375
        Service=docker.service
        BindIPv6Only=both

        [Install]
        WantedBy=sockets.target
    - name: update-engine.service
      mask: true
    - name: 10-static.network
      content: |
        [Match]
        Name=eth0

        [Network]
        DHCP=yes

users:
  - name: elroy
    passwd: $6$5s2u6/jR$un0AvWnqilcgaNB3Mkxd5yYv6mTlWfOoCYHZmfi3LDKVltj.E8XNKEcwWm
    gecos: Elroy Jetson
    homedir: /home/elroy
    no-create-home: false
    primary-group: elroy
    groups:
      - sudo
      - docker
    no-user-group: false
    system: false
    no-log-init: true
    shell: /bin/bash
    ssh-authorized-keys:
      - ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC0g+ZTxC7weoIJLUafOgrm+h elroy@example.com

write_files:
  - path: /etc/motd
    permissions: 0644
    owner: root:root
    encoding: gzip+base64
    content: ${motd}
  - path: /opt/bin/hello
    permissions: '0755'
    encoding: b64
    content: IyEvYmluL3NoCmVjaG8gaGVsbG8K
  - path: /etc/resolv.conf
    content: |
      nameserver 192.0.2.2
      nameserver 192.0.2.3
`;
