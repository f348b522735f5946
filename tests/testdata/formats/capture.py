#!/usr/bin/env python3
"""Captures RTP datagrams sent by ffmpeg to 127.0.0.1:<port> and writes one hex line per datagram.

usage: capture.py <port> <out.hex> -- <ffmpeg args ... rtp://127.0.0.1:<port>?...>
RTCP (ffmpeg sends it to port+1) is received and discarded so ffmpeg gets no ICMP errors.
"""
import socket, subprocess, sys, time

port, out = int(sys.argv[1]), sys.argv[2]
cmd = sys.argv[sys.argv.index("--") + 1:]
rtp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rtp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
rtp.bind(("127.0.0.1", port))
rtcp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
rtcp.bind(("127.0.0.1", port + 1))
rtp.settimeout(0.5)
proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
packets = []
while True:
    try:
        packets.append(rtp.recv(65535))
    except socket.timeout:
        if proc.poll() is not None:
            break
proc.wait()
with open(out, "w") as f:
    for p in packets:
        f.write(p.hex() + "\n")
print(f"{out}: {len(packets)} packets, ffmpeg exit {proc.returncode}")
