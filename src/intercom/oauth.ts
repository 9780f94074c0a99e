/**
 * Intercom's OAuth code exchange (POST /auth/eagle/token, form-encoded: code, client_id,
 * client_secret → `{token, access_token, token_type}`; no refresh token, no expiry: a token dies only
 * when the app is uninstalled or the token revoked), and the API host of each region.
 */
import axios from 'axios';
import { z } from 'zod';
import { IntercomRequestError, IntercomTransientError } from './errors';

/** The REST API's host for each region a workspace can live in. */
export const REGION_API_URLS: Record<string, string> = {
  US: 'https://api.intercom.io',
  EU: 'https://api.eu.intercom.io',
  AU: 'https://api.au.intercom.io',
};

/** The host a workspace's token is used on: the configured one, else its region's. */
export const apiUrlForRegion = (region: string | null, fallback: string): string =>
  (region === null ? undefined : REGION_API_URLS[region.toUpperCase()]) ?? fallback;

const tokenAnswer = z.object({ access_token: z.string().min(1).optional(), token: z.string().min(1).optional() });

export async function exchangeOAuthCode(input: {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  signal?: AbortSignal;
}): Promise<string> {
  const where = { method: 'POST', path: new URL(input.tokenUrl).pathname };
  let response;
  try {
    response = await axios.post(
      input.tokenUrl,
      new URLSearchParams({
        code: input.code,
        client_id: input.clientId,
        client_secret: input.clientSecret,
      }).toString(),
      {
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        validateStatus: () => true,
        timeout: 30_000,
        signal: input.signal,
      },
    );
  } catch (error) {
    throw new IntercomTransientError({ ...where, message: `network error: ${(error as Error).message}` });
  }
  if (response.status >= 500) {
    throw new IntercomTransientError({
      ...where,
      status: response.status,
      message: 'Intercom did not exchange the code',
    });
  }
  const parsed = tokenAnswer.safeParse(response.data);
  const token = parsed.success ? (parsed.data.access_token ?? parsed.data.token) : undefined;
  if (response.status !== 200 || token === undefined) {
    const errors = (response.data as { errors?: Array<{ code?: string; message?: string }> } | undefined)?.errors;
    throw new IntercomRequestError({
      ...where,
      status: response.status,
      code: errors?.[0]?.code,
      // Intercom's own message only: the request's body (the code, the secret) is never repeated.
      message: `Intercom refused the OAuth code: ${errors?.[0]?.message ?? `status ${response.status}`}`,
    });
  }
  return token;
}
