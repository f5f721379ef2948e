"""tests/golden/unit/: the network policy of urlopen for tests/unit/test_net_policy.c:
Python's ipaddress (3.11.7) and the golden model's address policy
(tools/golden/model/urllib_request.py) for every special-purpose range's first,
last and middle address and the neighbours just outside, and addresses that
embed an IPv4 one.  No I/O at all.

  net_policy.txt  ADDR PRIV GLOB RES MCAST LLOCAL LOOP UNSPEC DENY DENY_LO
                 (1/0: is_private, is_global, is_reserved, is_multicast, is_link_local,
                 is_loopback, is_unspecified; DENY refused without --allow-net; DENY_LO
                 refused with --allow-net 127.0.0.1/32)"""
import ipaddress as ip

V4 = ['0.0.0.0/8', '10.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/29',
      '192.0.0.170/31', '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24',
      '240.0.0.0/4', '255.255.255.255/32', '100.64.0.0/10', '224.0.0.0/4', '192.0.0.0/24', '8.8.8.0/24',
      '1.1.1.1/32', '93.184.216.34/32']
V6 = ['::1/128', '::/128', '::ffff:0:0/96', '100::/64', '2001::/23', '2001:2::/48', '2001:db8::/32',
      '2001:10::/28', 'fc00::/7', 'fe80::/10', 'fec0::/10', 'ff00::/8', '::/8', '100::/8', '200::/7', '400::/6',
      '800::/5', '1000::/4', '4000::/3', '6000::/3', '8000::/3', 'a000::/3', 'c000::/3', 'e000::/4', 'f000::/5',
      'f800::/6', 'fe00::/9', '64:ff9b::/96', '2002::/16', '2606:4700::/32', '2a00:1450::/32']
EMBED = ['::ffff:127.0.0.1', '::ffff:8.8.8.8', '::ffff:10.1.2.3', '64:ff9b::7f00:1', '64:ff9b::808:808',
         '64:ff9b::a00:1', '2002:7f00:1::1', '2002:808:808::1', '2002:c0a8:101::', '::127.0.0.1', '::8.8.8.8',
         '::ffff:0.0.0.0', '::ffff:100.64.0.1', '64:ff9b::e000:1', '2002:e000:1::', '::ffff:7f00:1']


def addrs():
    seen = []
    for net in V4 + V6:
        n = ip.ip_network(net)
        cands = [n.network_address, n.broadcast_address, n.network_address + n.num_addresses // 2]
        if int(n.network_address) > 0:
            cands.append(n.network_address - 1)
        if int(n.broadcast_address) < (2 ** n.max_prefixlen - 1):
            cands.append(n.broadcast_address + 1)
        for a in cands:
            if str(a) not in seen:
                seen.append(str(a))
    for e in EMBED:
        if e not in seen:
            seen.append(e)
    return seen


def rows():
    import model
    policy = model.load('urllib_request')
    saved = list(policy.ALLOW_NET)
    try:
        for s in addrs():
            a = ip.ip_address(s)
            policy.ALLOW_NET[:] = []
            deny = not policy.allowed(s)
            policy.ALLOW_NET[:] = [ip.ip_network('127.0.0.1/32')]
            deny_lo = not policy.allowed(s)
            f = [a.is_private, a.is_global, a.is_reserved, a.is_multicast, a.is_link_local, a.is_loopback,
                 a.is_unspecified, deny, deny_lo]
            yield s + ' ' + ' '.join('1' if x else '0' for x in f)
    finally:
        policy.ALLOW_NET[:] = saved


FILES = {
    'unit/net_policy.txt': ("ipaddress properties and the urlopen policy of special-purpose addresses", rows),
}
