import { loadConfig } from '../config';
import { enterToolScope } from '../db/scope';
import { loadAuditKeys, publicSigningKeys, rotateHmacKey, rotateSigningKey } from '../modules/audit/keys';

// Installation work from here on (ADR 27).
enterToolScope('audit-keys');

/**
 * npm run audit:keys -- show | rotate-hmac | rotate-signing
 *
 * The audit chain's keys (ADR 15). `show` prints the key ids and the public signing keys (hand
 * them to the auditors: they check checkpoints with them). A rotation adds a key and makes it the
 * current one; earlier keys stay, so earlier links and checkpoints remain verifiable. Restart the
 * server processes afterwards: they read the keys at start.
 */
const command = process.argv[2] ?? 'show';
const config = loadConfig();
switch (command) {
  case 'show': {
    const keys = loadAuditKeys(config);
    console.log(`HMAC key file:    ${config.auditKeyFile}`);
    console.log(`  current key:    ${keys.hmacKeyId} (of ${keys.hmacKeys.size})`);
    console.log(`Signing key file: ${config.auditSigningKeyFile}`);
    console.log(`  current key:    ${keys.signingKeyId}`);
    for (const k of publicSigningKeys(keys)) console.log(`\n${k.id}\n${k.pem}`);
    break;
  }
  case 'rotate-hmac':
    loadAuditKeys(config);
    console.log(`new HMAC key ${rotateHmacKey(config.auditKeyFile)} — restart the server processes`);
    break;
  case 'rotate-signing':
    loadAuditKeys(config);
    console.log(
      `new signing key ${rotateSigningKey(config.auditSigningKeyFile)} — restart the server processes`,
    );
    break;
  default:
    console.error('usage: npm run audit:keys -- show | rotate-hmac | rotate-signing');
    process.exit(2);
}
