/** Secrets (passwords, credentials in redis:// URLs) never reach output. */
import type { Report } from './report.ts';

/** Replaces every secret (passwords) in a text. */
export function redactText(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 1) out = out.split(s).join('***');
  return out;
}

/** Passwords (and credentials in any URL, e.g. inside a sampled value) never reach output. */
export function redactReport(report: Report, secrets: readonly (string | undefined)[]): Report {
  const text = JSON.stringify(report);
  const cleaned = redactText(
    text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:@/\s"]*:)[^@\s"]+@/gi, '$1***@'),
    secrets.filter((s) => s && s.length >= 4),
  );
  return cleaned === text ? report : (JSON.parse(cleaned) as Report);
}
