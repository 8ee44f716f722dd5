// Windows codes: Winsock (WSA) errors, common Win32 errors, and HRESULT 0x8007XXXX decoding.
import { SRC } from './sources.js';
import { t, type KnowledgeEntry } from './types.js';

interface WindowsRow {
  code: number;
  name: string;
  // The errno entry with the same meaning, or the libuv error libuv maps it to.
  errno: string | undefined;
  en: string;
  zh: string;
}

// Winsock codes (Microsoft "Windows Sockets Error Codes").
const WSA_ROWS: readonly WindowsRow[] = [
  { code: 10004, name: 'WSAEINTR', errno: 'EINTR', en: 'Interrupted function call: a blocking call was cancelled (libuv reports it as ECANCELED)', zh: '函数调用被中断：阻塞调用被取消（libuv 报告为 ECANCELED）' },
  { code: 10009, name: 'WSAEBADF', errno: 'EBADF', en: 'File handle is not valid', zh: '文件句柄无效' },
  { code: 10013, name: 'WSAEACCES', errno: 'EACCES', en: 'Permission denied: often a port reserved by Windows (excluded port range, Hyper-V/WSL) or a socket used exclusively by another process', zh: '权限不够：常见于被 Windows 保留的端口（排除端口范围、Hyper-V/WSL），或被其他进程独占的套接字' },
  { code: 10014, name: 'WSAEFAULT', errno: 'EFAULT', en: 'Bad address in an argument', zh: '参数中的地址错误' },
  { code: 10022, name: 'WSAEINVAL', errno: 'EINVAL', en: 'Invalid argument', zh: '无效的参数' },
  { code: 10024, name: 'WSAEMFILE', errno: 'EMFILE', en: 'Too many open sockets', zh: '打开的套接字过多' },
  { code: 10035, name: 'WSAEWOULDBLOCK', errno: 'EAGAIN', en: 'Resource temporarily unavailable: a non-blocking call would block', zh: '资源暂时不可用：非阻塞调用需要等待' },
  { code: 10036, name: 'WSAEINPROGRESS', errno: 'EINPROGRESS', en: 'A blocking operation is in progress', zh: '阻塞操作正在进行中' },
  { code: 10037, name: 'WSAEALREADY', errno: 'EALREADY', en: 'Operation already in progress', zh: '操作已在进行中' },
  { code: 10038, name: 'WSAENOTSOCK', errno: 'ENOTSOCK', en: 'Socket operation on a non-socket', zh: '对非套接字进行套接字操作' },
  { code: 10039, name: 'WSAEDESTADDRREQ', errno: 'EDESTADDRREQ', en: 'Destination address required', zh: '需要目标地址' },
  { code: 10040, name: 'WSAEMSGSIZE', errno: 'EMSGSIZE', en: 'Message too long', zh: '消息过长' },
  { code: 10041, name: 'WSAEPROTOTYPE', errno: 'EPROTOTYPE', en: 'Protocol wrong type for socket', zh: '协议类型与套接字不匹配' },
  { code: 10042, name: 'WSAENOPROTOOPT', errno: 'ENOPROTOOPT', en: 'Bad protocol option', zh: '错误的协议选项' },
  { code: 10043, name: 'WSAEPROTONOSUPPORT', errno: 'EPROTONOSUPPORT', en: 'Protocol not supported', zh: '不支持的协议' },
  { code: 10044, name: 'WSAESOCKTNOSUPPORT', errno: 'ESOCKTNOSUPPORT', en: 'Socket type not supported', zh: '不支持的套接字类型' },
  { code: 10045, name: 'WSAEOPNOTSUPP', errno: 'EOPNOTSUPP', en: 'Operation not supported', zh: '不支持的操作' },
  { code: 10046, name: 'WSAEPFNOSUPPORT', errno: 'EPFNOSUPPORT', en: 'Protocol family not supported', zh: '不支持的协议族' },
  { code: 10047, name: 'WSAEAFNOSUPPORT', errno: 'EAFNOSUPPORT', en: 'Address family not supported by protocol family', zh: '协议族不支持该地址族' },
  { code: 10048, name: 'WSAEADDRINUSE', errno: 'EADDRINUSE', en: 'Address already in use', zh: '地址已在使用' },
  { code: 10049, name: 'WSAEADDRNOTAVAIL', errno: 'EADDRNOTAVAIL', en: 'Cannot assign requested address', zh: '无法分配请求的地址' },
  { code: 10050, name: 'WSAENETDOWN', errno: 'ENETDOWN', en: 'Network is down', zh: '网络已关闭' },
  { code: 10051, name: 'WSAENETUNREACH', errno: 'ENETUNREACH', en: 'Network is unreachable', zh: '网络不可达' },
  { code: 10052, name: 'WSAENETRESET', errno: 'ENETRESET', en: 'Network dropped connection on reset: keepalive found the connection dead', zh: '网络因重置断开连接：keepalive 发现连接已失效' },
  { code: 10053, name: 'WSAECONNABORTED', errno: 'ECONNABORTED', en: 'Software caused connection abort: the local stack ended the connection, for example after retransmissions timed out', zh: '软件导致连接中止：本机协议栈结束了连接，例如重传超时之后' },
  { code: 10054, name: 'WSAECONNRESET', errno: 'ECONNRESET', en: 'Connection reset by peer', zh: '连接被对端重置' },
  { code: 10055, name: 'WSAENOBUFS', errno: 'ENOBUFS', en: 'No buffer space available: often no ephemeral ports or memory left', zh: '没有可用的缓冲区空间：常表示临时端口或内存耗尽' },
  { code: 10056, name: 'WSAEISCONN', errno: 'EISCONN', en: 'Socket is already connected', zh: '套接字已连接' },
  { code: 10057, name: 'WSAENOTCONN', errno: 'ENOTCONN', en: 'Socket is not connected', zh: '套接字未连接' },
  { code: 10058, name: 'WSAESHUTDOWN', errno: 'ESHUTDOWN', en: 'Cannot send after socket shutdown (libuv reports it as EPIPE)', zh: '套接字关闭后无法发送（libuv 报告为 EPIPE）' },
  { code: 10059, name: 'WSAETOOMANYREFS', errno: 'ETOOMANYREFS', en: 'Too many references', zh: '引用过多' },
  { code: 10060, name: 'WSAETIMEDOUT', errno: 'ETIMEDOUT', en: 'Connection timed out', zh: '连接超时' },
  { code: 10061, name: 'WSAECONNREFUSED', errno: 'ECONNREFUSED', en: 'Connection refused', zh: '连接被拒绝' },
  { code: 10062, name: 'WSAELOOP', errno: 'ELOOP', en: 'Cannot translate name', zh: '无法转换名称' },
  { code: 10063, name: 'WSAENAMETOOLONG', errno: 'ENAMETOOLONG', en: 'Name too long', zh: '名称过长' },
  { code: 10064, name: 'WSAEHOSTDOWN', errno: 'EHOSTDOWN', en: 'Host is down', zh: '主机已关闭' },
  { code: 10065, name: 'WSAEHOSTUNREACH', errno: 'EHOSTUNREACH', en: 'No route to host', zh: '没有到主机的路由' },
  { code: 10066, name: 'WSAENOTEMPTY', errno: 'ENOTEMPTY', en: 'Directory not empty', zh: '目录非空' },
  { code: 10067, name: 'WSAEPROCLIM', errno: undefined, en: 'Too many processes are using Winsock', zh: '使用 Winsock 的进程过多' },
  { code: 10091, name: 'WSASYSNOTREADY', errno: undefined, en: 'Network subsystem is unavailable', zh: '网络子系统不可用' },
  { code: 10092, name: 'WSAVERNOTSUPPORTED', errno: undefined, en: 'Winsock DLL version out of range', zh: 'Winsock DLL 版本超出范围' },
  { code: 10093, name: 'WSANOTINITIALISED', errno: undefined, en: 'WSAStartup has not been called successfully', zh: '尚未成功调用 WSAStartup' },
  { code: 10101, name: 'WSAEDISCON', errno: undefined, en: 'Graceful shutdown in progress', zh: '正在进行正常关闭' },
  { code: 11001, name: 'WSAHOST_NOT_FOUND', errno: undefined, en: 'Host not found: the name does not exist in DNS (Node reports ENOTFOUND)', zh: '找不到主机：DNS 中不存在该名称（Node 报告 ENOTFOUND）' },
  { code: 11002, name: 'WSATRY_AGAIN', errno: undefined, en: 'Temporary DNS failure: no authoritative answer, try again (Node reports EAI_AGAIN)', zh: 'DNS 暂时失败：没有权威应答，请重试（Node 报告 EAI_AGAIN）' },
  { code: 11003, name: 'WSANO_RECOVERY', errno: undefined, en: 'Non-recoverable DNS error', zh: '不可恢复的 DNS 错误' },
  { code: 11004, name: 'WSANO_DATA', errno: undefined, en: 'The name exists but has no record of the requested type', zh: '名称存在，但没有所请求类型的记录' },
];

// Common Win32 errors met by network and file code, with the libuv error each becomes (src/win/error.c).
const WIN32_ROWS: readonly WindowsRow[] = [
  { code: 2, name: 'ERROR_FILE_NOT_FOUND', errno: 'ENOENT', en: 'The system cannot find the file specified', zh: '系统找不到指定的文件' },
  { code: 3, name: 'ERROR_PATH_NOT_FOUND', errno: 'ENOENT', en: 'The system cannot find the path specified', zh: '系统找不到指定的路径' },
  { code: 4, name: 'ERROR_TOO_MANY_OPEN_FILES', errno: 'EMFILE', en: 'The system cannot open the file: too many open files', zh: '系统无法打开文件：打开的文件过多' },
  { code: 5, name: 'ERROR_ACCESS_DENIED', errno: 'EACCES', en: 'Access is denied', zh: '拒绝访问' },
  { code: 6, name: 'ERROR_INVALID_HANDLE', errno: 'EBADF', en: 'The handle is invalid', zh: '句柄无效' },
  { code: 8, name: 'ERROR_NOT_ENOUGH_MEMORY', errno: 'ENOMEM', en: 'Not enough memory resources are available', zh: '没有足够的内存资源' },
  { code: 32, name: 'ERROR_SHARING_VIOLATION', errno: 'EBUSY', en: 'The file is being used by another process', zh: '文件正被另一个进程使用' },
  { code: 50, name: 'ERROR_NOT_SUPPORTED', errno: 'EOPNOTSUPP', en: 'The request is not supported', zh: '不支持该请求' },
  { code: 53, name: 'ERROR_BAD_NETPATH', errno: undefined, en: 'The network path was not found', zh: '找不到网络路径' },
  { code: 64, name: 'ERROR_NETNAME_DELETED', errno: 'ECONNRESET', en: 'The specified network name is no longer available: the connection was reset or closed by the peer', zh: '指定的网络名不再可用：连接被对端重置或关闭' },
  { code: 67, name: 'ERROR_BAD_NET_NAME', errno: undefined, en: 'The network name cannot be found', zh: '找不到网络名' },
  { code: 80, name: 'ERROR_FILE_EXISTS', errno: 'EEXIST', en: 'The file exists', zh: '文件已存在' },
  { code: 87, name: 'ERROR_INVALID_PARAMETER', errno: 'EINVAL', en: 'The parameter is incorrect', zh: '参数错误' },
  { code: 109, name: 'ERROR_BROKEN_PIPE', errno: undefined, en: 'The pipe has been ended (libuv reports EOF)', zh: '管道已结束（libuv 报告 EOF）' },
  { code: 121, name: 'ERROR_SEM_TIMEOUT', errno: 'ETIMEDOUT', en: 'The semaphore timeout period has expired: for sockets, a connect or send timed out', zh: '信号灯超时时间已到：对套接字而言，连接或发送超时' },
  { code: 183, name: 'ERROR_ALREADY_EXISTS', errno: 'EEXIST', en: 'Cannot create a file when that file already exists', zh: '当文件已存在时，无法创建该文件' },
  { code: 232, name: 'ERROR_NO_DATA', errno: 'EPIPE', en: 'The pipe is being closed', zh: '管道正在被关闭' },
  { code: 233, name: 'ERROR_PIPE_NOT_CONNECTED', errno: 'EPIPE', en: 'No process is on the other end of the pipe', zh: '管道的另一端没有进程' },
  { code: 995, name: 'ERROR_OPERATION_ABORTED', errno: 'ECANCELED', en: 'The I/O operation was aborted because of a thread exit or an application request', zh: '由于线程退出或应用程序请求，I/O 操作已中止' },
  { code: 1225, name: 'ERROR_CONNECTION_REFUSED', errno: 'ECONNREFUSED', en: 'The remote computer refused the network connection', zh: '远程计算机拒绝了网络连接' },
  { code: 1227, name: 'ERROR_ADDRESS_ALREADY_ASSOCIATED', errno: 'EADDRINUSE', en: 'The network address is already in use', zh: '网络地址已在使用' },
  { code: 1231, name: 'ERROR_NETWORK_UNREACHABLE', errno: 'ENETUNREACH', en: 'The network location cannot be reached', zh: '无法访问网络位置' },
  { code: 1232, name: 'ERROR_HOST_UNREACHABLE', errno: 'EHOSTUNREACH', en: 'The network location cannot be reached (host unreachable)', zh: '无法访问网络位置（主机不可达）' },
  { code: 1236, name: 'ERROR_CONNECTION_ABORTED', errno: 'ECONNABORTED', en: 'The network connection was aborted by the local system', zh: '网络连接被本地系统中止' },
  { code: 1460, name: 'ERROR_TIMEOUT', errno: 'ETIMEDOUT', en: 'This operation returned because the timeout period expired', zh: '由于超时时间已到，该操作已返回' },
];

function buildWsa(row: WindowsRow): KnowledgeEntry {
  const related = row.errno !== undefined ? [`errno:${row.errno}`] : row.code >= 11001 ? ['node:getaddrinfo-enotfound', 'node:getaddrinfo-eai-again'] : [];
  return {
    kind: 'wsa', id: `wsa:${row.name}`, name: row.name, aliases: [], numbers: { wsa: row.code },
    summary: t(`${row.en}.`, `${row.zh}。`),
    details: t(
      `Winsock error ${row.code} (0x${row.code.toString(16)}), returned by WSAGetLastError().${row.errno !== undefined ? ` It has the meaning of ${row.errno}; see that entry for causes and fixes. Node on Windows reports it with the libuv code for ${row.errno}.` : ''}`,
      `Winsock 错误 ${row.code}（0x${row.code.toString(16)}），由 WSAGetLastError() 返回。${row.errno !== undefined ? `它与 ${row.errno} 含义相同；原因和解决办法见该条目。Windows 上的 Node 以 ${row.errno} 的 libuv 代码报告它。` : ''}`,
    ),
    checks: [], fixes: [], related, sources: [SRC.wsaCodes, SRC.libuvWinError],
  };
}

function buildWin32(row: WindowsRow): KnowledgeEntry {
  return {
    kind: 'win32', id: `win32:${row.name}`, name: row.name, aliases: [], numbers: { win32: row.code },
    summary: t(`${row.en}.`, `${row.zh}。`),
    details: t(
      `Win32 error ${row.code} (0x${row.code.toString(16).padStart(4, '0')}); as an HRESULT it is 0x8007${row.code.toString(16).padStart(4, '0')}.${row.errno !== undefined ? ` libuv turns it into ${row.errno}.` : ''}`,
      `Win32 错误 ${row.code}（0x${row.code.toString(16).padStart(4, '0')}）；作为 HRESULT 为 0x8007${row.code.toString(16).padStart(4, '0')}。${row.errno !== undefined ? `libuv 把它转换为 ${row.errno}。` : ''}`,
    ),
    checks: [], fixes: [], related: row.errno !== undefined ? [`errno:${row.errno}`] : [],
    sources: [row.code >= 1000 ? SRC.win32Codes1000 : SRC.win32Codes, SRC.libuvWinError],
  };
}

// Winsock (wsa:NAME) and Win32 (win32:NAME) entries.
export const WINDOWS_ENTRIES: readonly KnowledgeEntry[] = [...WSA_ROWS.map(buildWsa), ...WIN32_ROWS.map(buildWin32)];

// The parts of an HRESULT.
export interface DecodedHresult {
  hresult: number;
  failure: boolean;
  facility: number;
  code: number;
  // The Win32 (or Winsock) error wrapped by a FACILITY_WIN32 HRESULT.
  win32: number | undefined;
}

// Splits a 32-bit HRESULT into severity, facility and code (HRESULT_FROM_WIN32 puts Win32 errors in facility 7).
export function decodeHresult(value: number): DecodedHresult {
  const hresult = value >>> 0;
  const facility = (hresult >>> 16) & 0x7ff;
  const code = hresult & 0xffff;
  const failure = (hresult & 0x80000000) !== 0;
  return { hresult, failure, facility, code, win32: failure && facility === 7 ? code : undefined };
}

// Parses "0x800700b7", "800700B7" (8 hex digits, failure bit set) or the signed decimal .NET prints (-2147024713).
export function parseHresult(text: string): number | undefined {
  const s = text.trim();
  const hex = /^(0x)?([89a-f][0-9a-f]{7})$/i.exec(s);
  if (hex?.[2] !== undefined) return Number.parseInt(hex[2], 16);
  if (/^-\d{10}$/.test(s)) {
    const v = Number(s);
    if (v >= -2147483648 && v <= -1) return v >>> 0;
  }
  return undefined;
}
