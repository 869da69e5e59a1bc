/**
 * ThaiBulkSMS OTP at /thaibulksms-otp: key/secret in the body, 6-digit codes valid five
 * minutes unless the sandbox is started with another OTP lifetime (dashboard settings on the
 * real service), `{"code","errors":[{message}]}` errors. A wrong code is an error response,
 * not `verified:false`; each failure has its own message (assumed: ThaiBulkSMS publishes none).
 */
import { SANDBOX_KEYS } from './keys.js';
import type { SandboxEnv } from './env.js';
import { fail, jsonOrFormBody, ok } from './http.js';
import type { App, Body, Ctx, ErrorShape } from './http.js';
import { parseNumber } from './numbers.js';
import { createOtp, verifyOtp } from './otp.js';

export const THAIBULKSMS_OTP_PREFIX = '/thaibulksms-otp';
export const THAIBULKSMS_OTP_TEMPLATE = 'Your OTP is {code} (Ref: {ref})';
export const THAIBULKSMS_OTP_SENDER = 'OTP';
const CODE_LENGTH = 6;

const error: ErrorShape = (status, _code, message, extra) => ({ code: status, errors: [{ message, ...extra }] });

const otpFail = (ctx: Ctx, status: number, message: string, detail?: string) =>
  fail(ctx, status, String(status), message, detail === undefined ? undefined : { detail });

function credentials(ctx: Ctx): Body {
  const body = jsonOrFormBody(ctx);
  const { otpKey, otpSecret } = SANDBOX_KEYS.thaibulksms;
  if (body.key !== otpKey || body.secret !== otpSecret) throw otpFail(ctx, 401, 'Invalid key or secret.');
  return body;
}

export function thaibulksmsOtpApp(env: SandboxEnv): App {
  const { store } = env;
  return {
    name: 'thaibulksms',
    prefix: THAIBULKSMS_OTP_PREFIX,
    routes: [
      {
        method: 'POST',
        path: '/v2/otp/request',
        handle(ctx) {
          const body = credentials(ctx);
          const nsn = parseNumber(typeof body.msisdn === 'number' ? String(body.msisdn) : body.msisdn, true);
          if (typeof nsn === 'string') throw otpFail(ctx, 400, 'The msisdn is invalid.', nsn);
          const otp = createOtp(
            store,
            {
              provider: 'thaibulksms',
              nsn,
              sender: THAIBULKSMS_OTP_SENDER,
              template: THAIBULKSMS_OTP_TEMPLATE,
              codeLength: CODE_LENGTH,
              ttlMs: env.otpTtlMs,
              refLength: 6,
            },
            ctx.now,
          );
          return ok({ status: 'success', token: otp.id, refno: otp.ref });
        },
      },
      {
        method: 'POST',
        path: '/v2/otp/verify',
        handle(ctx) {
          const body = credentials(ctx);
          const token = body.token;
          const pin = typeof body.pin === 'number' ? String(body.pin) : body.pin;
          if (typeof token !== 'string' || token === '') throw otpFail(ctx, 400, 'The token field is required.');
          if (typeof pin !== 'string' || pin === '') throw otpFail(ctx, 400, 'The pin field is required.');
          const otp = store.findOtp('thaibulksms', token);
          if (!otp) throw otpFail(ctx, 400, 'Token is invalid.', 'no OTP was requested with this token');
          const outcome = verifyOtp(store, otp, pin, ctx.now);
          switch (outcome) {
            case 'verified':
              return ok({ status: 'success', message: 'Code is correct.' });
            case 'expired':
              throw otpFail(ctx, 400, 'Code is expired.', 'request a new OTP');
            case 'used':
              throw otpFail(ctx, 400, 'Code has already been used.', 'this OTP has already been verified');
            case 'locked':
              throw otpFail(ctx, 400, 'Too many wrong attempts.', 'request a new OTP');
            case 'wrong':
              throw otpFail(ctx, 400, 'Code is invalid.', 'the code does not match');
          }
        },
      },
    ],
    error,
    codes: {
      notFound: '404',
      methodNotAllowed: '405',
      invalidBody: '400',
      invalidParam: '400',
      tooLarge: '413',
      internal: '500',
    },
  };
}
