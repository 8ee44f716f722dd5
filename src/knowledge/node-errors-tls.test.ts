import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findEntry } from './index.js';
import { lookupQuery } from './lookup.js';
import { NODE_TLS_ENTRIES, NODE_TLS_MATCHERS } from './node-errors-tls.js';

function ids(query: string): string[] {
  return lookupQuery(query).matches.map((m) => m.entry.id);
}

// The OpenSSL error string Node 20 (OpenSSL 3.0) puts in the message; the leading hex is a thread id and varies.
const WRONG_VERSION = '80BC25651C7F0000:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../deps/openssl/openssl/ssl/record/ssl3_record.c:350:\n';

test('wrong version number: tls.connect text, https.request EPROTO text, the code and the bare words', () => {
  assert.deepEqual(ids(WRONG_VERSION), ['node:err-ssl-wrong-version-number']);
  assert.deepEqual(ids(`Error: ${WRONG_VERSION}`), ['node:err-ssl-wrong-version-number']);
  assert.deepEqual(ids(`write EPROTO ${WRONG_VERSION}`), ['node:err-ssl-wrong-version-number', 'errno:EPROTO']);
  assert.deepEqual(ids('ERR_SSL_WRONG_VERSION_NUMBER'), ['node:err-ssl-wrong-version-number']);
  assert.deepEqual(ids('wrong version number'), ['node:err-ssl-wrong-version-number']);
  // The plain errno stays the errno entry.
  assert.deepEqual(ids('write EPROTO'), ['errno:EPROTO']);
});

test('a TLS server\'s http request error by code and by its OpenSSL text', () => {
  assert.deepEqual(ids('ERR_SSL_HTTP_REQUEST'), ['node:err-ssl-http-request']);
  assert.deepEqual(ids('80BC25651C7F0000:error:0A00009C:SSL routines:ssl3_get_record:http request:../deps/openssl/openssl/ssl/record/ssl3_record.c:341:'), ['node:err-ssl-http-request']);
});

test('certificate errors by Node code, by the message Node 20 prints, by the old message and by the X509_V_ERR name', () => {
  const cases: [string, string[]][] = [
    ['node:depth-zero-self-signed-cert', ['DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate', 'Error: self signed certificate', 'X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT']],
    ['node:self-signed-cert-in-chain', ['SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain', 'self signed certificate in certificate chain', 'X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN']],
    ['node:unable-to-verify-leaf-signature', ['UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'Error: unable to verify the first certificate', 'X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE']],
    ['node:unable-to-get-issuer-cert-locally', ['UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'unable to get local issuer certificate', 'X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY']],
    ['node:cert-has-expired', ['CERT_HAS_EXPIRED', 'certificate has expired', 'X509_V_ERR_CERT_HAS_EXPIRED']],
    ['node:err-tls-cert-altname-invalid', ['ERR_TLS_CERT_ALTNAME_INVALID', "Error [ERR_TLS_CERT_ALTNAME_INVALID]: Hostname/IP does not match certificate's altnames: Host: localhost. is not in the cert's altnames: DNS:other.example", "Hostname/IP does not match certificate's altnames: IP: 10.0.0.5 is not in the cert's list: "]],
  ];
  for (const [id, queries] of cases) for (const q of queries) assert.deepEqual(ids(q), [id], q);
});

test('"self-signed certificate" does not also match the chain entry, nor the reverse', () => {
  assert.ok(!ids('self-signed certificate').includes('node:self-signed-cert-in-chain'));
  assert.ok(!ids('self-signed certificate in certificate chain').includes('node:depth-zero-self-signed-cert'));
});

test('every TLS matcher points at a TLS entry, and every TLS entry has a matcher', () => {
  const entryIds = new Set(NODE_TLS_ENTRIES.map((e) => e.id));
  for (const m of NODE_TLS_MATCHERS) assert.ok(entryIds.has(m.id) && findEntry(m.id) !== undefined, m.id);
  for (const id of entryIds) assert.ok(NODE_TLS_MATCHERS.some((m) => m.id === id && m.code !== undefined), `${id} has no code matcher`);
});
