/**
 * Generic mail domains are refused as account domains (hull.io identity docs): thousands of
 * unrelated people share gmail.com, so it must never group them into one account.
 */
const GENERIC_MAIL_DOMAINS = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.fr',
  'yahoo.co.uk',
  'hotmail.com',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'gmx.com',
  'gmx.de',
  'web.de',
  'mail.com',
  'mail.ru',
  'yandex.ru',
  'protonmail.com',
  'proton.me',
  'zoho.com',
  'qq.com',
  '163.com',
  'free.fr',
  'orange.fr',
  'laposte.net',
]);

export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase();
}

export function isGenericMailDomain(domain: string): boolean {
  return GENERIC_MAIL_DOMAINS.has(normaliseDomain(domain));
}
