// Preloaded (NODE_OPTIONS=--require) into a process that must not reach the network: any TCP
// connection or DNS lookup throws. Local pipes (child process stdio, IPC) still work.
const net = require('node:net');
const dns = require('node:dns');
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  // net.connect() hands over its normalised arguments as one array.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const toPath = (typeof first === 'string' && Number.isNaN(Number(first))) || (first && typeof first === 'object' && 'path' in first && !('port' in first));
  if (!toPath) throw new Error('no-network: this process tried to open a network connection');
  return connect.apply(this, args);
};
const refuse = () => {
  throw new Error('no-network: this process tried a DNS lookup');
};
dns.lookup = refuse;
dns.promises.lookup = refuse;
