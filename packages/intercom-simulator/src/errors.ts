/**
 * Intercom's error envelope (spec component `error`): `{type: 'error.list', request_id, errors: [{code,
 * message, field?}]}`. Every failure the simulator produces goes through {@link IntercomHttpError} so the
 * shape is identical everywhere, as it is in the real API.
 */

export interface IntercomErrorItem {
  code: string;
  message: string;
  field?: string;
}

export interface IntercomErrorBody {
  type: 'error.list';
  request_id: string | null;
  errors: IntercomErrorItem[];
}

export class IntercomHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Extra response headers, e.g. the `Link` of a merged contact. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'IntercomHttpError';
  }

  toBody(requestId: string | null): IntercomErrorBody {
    const item: IntercomErrorItem = { code: this.code, message: this.message };
    if (this.field !== undefined) item.field = this.field;
    return { type: 'error.list', request_id: requestId, errors: [item] };
  }
}

export function badRequest(code: string, message: string, field?: string): IntercomHttpError {
  return new IntercomHttpError(400, code, message, field);
}

export function parameterInvalid(message: string, field?: string): IntercomHttpError {
  return new IntercomHttpError(400, 'parameter_invalid', message, field);
}

export function parameterNotFound(message: string, field?: string): IntercomHttpError {
  return new IntercomHttpError(400, 'parameter_not_found', message, field);
}

/** Intercom answers a missing contact with `not_found` / "User Not Found" (spec examples). */
export function contactNotFound(): IntercomHttpError {
  return new IntercomHttpError(404, 'not_found', 'User Not Found');
}

export function companyNotFound(): IntercomHttpError {
  return new IntercomHttpError(404, 'company_not_found', 'Company Not Found');
}

export function resourceNotFound(): IntercomHttpError {
  return new IntercomHttpError(404, 'not_found', 'Resource Not Found');
}

export function unauthorized(): IntercomHttpError {
  return new IntercomHttpError(401, 'unauthorized', 'Access Token Invalid');
}
