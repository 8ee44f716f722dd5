// Real tcpdump 4.99 output of one IPv6 connection on loopback captured with -i any:
// `tcpdump -n -r F` (relative numbers, local times) and `tcpdump -n -S -tt -r F`.
export const RELATIVE_LINES = [
  "23:47:46.860331 lo    In  IP6 ::1.36920 > ::1.9000: Flags [S], seq 1065608421, win 65476, options [mss 65476,sackOK,TS val 1022865625 ecr 0,nop,wscale 10], length 0",
  "23:47:46.860391 lo    In  IP6 ::1.9000 > ::1.36920: Flags [S.], seq 3162828611, ack 1065608422, win 65464, options [mss 65476,sackOK,TS val 559398019 ecr 1022865625,nop,wscale 10], length 0",
  "23:47:46.860491 lo    In  IP6 ::1.36920 > ::1.9000: Flags [.], ack 1, win 64, options [nop,nop,TS val 1022865625 ecr 559398019], length 0",
  "23:47:46.861891 lo    In  IP6 ::1.9000 > ::1.36920: Flags [P.], seq 1:3, ack 1, win 64, options [nop,nop,TS val 559398020 ecr 1022865625], length 2",
  "23:47:46.861903 lo    In  IP6 ::1.36920 > ::1.9000: Flags [.], ack 3, win 64, options [nop,nop,TS val 1022865626 ecr 559398020], length 0",
  "23:47:46.862422 lo    In  IP6 ::1.36920 > ::1.9000: Flags [P.], seq 1:2, ack 3, win 64, options [nop,nop,TS val 1022865627 ecr 559398020], length 1",
  "23:47:46.862428 lo    In  IP6 ::1.9000 > ::1.36920: Flags [.], ack 2, win 64, options [nop,nop,TS val 559398021 ecr 1022865627], length 0",
  "23:47:46.862484 lo    In  IP6 ::1.9000 > ::1.36920: Flags [F.], seq 3, ack 2, win 64, options [nop,nop,TS val 559398021 ecr 1022865627], length 0",
  "23:47:46.863704 lo    In  IP6 ::1.36920 > ::1.9000: Flags [F.], seq 2, ack 4, win 64, options [nop,nop,TS val 1022865628 ecr 559398021], length 0",
  "23:47:46.863727 lo    In  IP6 ::1.9000 > ::1.36920: Flags [.], ack 3, win 64, options [nop,nop,TS val 559398022 ecr 1022865628], length 0"
];

export const ABSOLUTE_EPOCH_LINES = [
  "1795736866.860331 lo    In  IP6 ::1.36920 > ::1.9000: Flags [S], seq 1065608421, win 65476, options [mss 65476,sackOK,TS val 1022865625 ecr 0,nop,wscale 10], length 0",
  "1795736866.860391 lo    In  IP6 ::1.9000 > ::1.36920: Flags [S.], seq 3162828611, ack 1065608422, win 65464, options [mss 65476,sackOK,TS val 559398019 ecr 1022865625,nop,wscale 10], length 0",
  "1795736866.860491 lo    In  IP6 ::1.36920 > ::1.9000: Flags [.], ack 3162828612, win 64, options [nop,nop,TS val 1022865625 ecr 559398019], length 0",
  "1795736866.861891 lo    In  IP6 ::1.9000 > ::1.36920: Flags [P.], seq 3162828612:3162828614, ack 1065608422, win 64, options [nop,nop,TS val 559398020 ecr 1022865625], length 2",
  "1795736866.861903 lo    In  IP6 ::1.36920 > ::1.9000: Flags [.], ack 3162828614, win 64, options [nop,nop,TS val 1022865626 ecr 559398020], length 0",
  "1795736866.862422 lo    In  IP6 ::1.36920 > ::1.9000: Flags [P.], seq 1065608422:1065608423, ack 3162828614, win 64, options [nop,nop,TS val 1022865627 ecr 559398020], length 1",
  "1795736866.862428 lo    In  IP6 ::1.9000 > ::1.36920: Flags [.], ack 1065608423, win 64, options [nop,nop,TS val 559398021 ecr 1022865627], length 0",
  "1795736866.862484 lo    In  IP6 ::1.9000 > ::1.36920: Flags [F.], seq 3162828614, ack 1065608423, win 64, options [nop,nop,TS val 559398021 ecr 1022865627], length 0",
  "1795736866.863704 lo    In  IP6 ::1.36920 > ::1.9000: Flags [F.], seq 1065608423, ack 3162828615, win 64, options [nop,nop,TS val 1022865628 ecr 559398021], length 0",
  "1795736866.863727 lo    In  IP6 ::1.9000 > ::1.36920: Flags [.], ack 1065608424, win 64, options [nop,nop,TS val 559398022 ecr 1022865628], length 0"
];
