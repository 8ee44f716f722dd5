// A listener that never calls accept(): socket/bind/listen through libc (koffi), because
// Node's net.Server always accepts. Its accept queue fills up to the backlog and then overflows.
import type { LabProgram } from '../types.js';
import { PROGRAM_PRELUDE } from './prelude.js';

export const RAW_LISTENER_PROGRAM: LabProgram = {
  name: 'tcpdoc-lab-raw-listener',
  needsKoffi: true,
  source: `${PROGRAM_PRELUDE}
const koffi = require(process.env.TCPDOC_LAB_KOFFI);
const libc = koffi.load('libc.so.6');
const socket = libc.func('int socket(int, int, int)');
const setsockopt = libc.func('int setsockopt(int, int, int, const void *, uint32_t)');
const bind = libc.func('int bind(int, const void *, uint32_t)');
const listen = libc.func('int listen(int, int)');
const fail = (what) => { process.stderr.write(what + ' failed, errno ' + koffi.errno() + '\\n'); process.exit(1); };
// AF_INET = 2, SOCK_STREAM = 1 (include/linux/socket.h, include/linux/net.h).
const fd = socket(2, 1, 0);
if (fd < 0) fail('socket');
// SOL_SOCKET = 1, SO_REUSEADDR = 2 (include/uapi/asm-generic/socket.h).
const one = Buffer.alloc(4); one.writeInt32LE(1, 0);
if (setsockopt(fd, 1, 2, one, 4) !== 0) fail('setsockopt');
// struct sockaddr_in (include/uapi/linux/in.h): family u16 host order @0, port u16 network
// order @2, address 4 bytes @4, 8 bytes of zero padding @8.
const address = Buffer.alloc(16);
address.writeUInt16LE(2, 0);
address.writeUInt16BE(cfg.port, 2);
cfg.host.split('.').forEach((part, i) => { address[4 + i] = Number(part); });
if (bind(fd, address, 16) !== 0) fail('bind');
if (listen(fd, cfg.backlog) !== 0) fail('listen');
emit('ready', { fd, port: cfg.port, backlog: cfg.backlog });
// Nothing else to do: the point is that accept() is never called.
setInterval(() => {}, 1000);
`,
};
